#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# IOMMU_IOAS_IOVA_RANGES, IOMMU_IOAS_ALLOW_IOVAS and IOMMU_OPTION (README.md,
# "Supported ioctls").  Option ids: 0 RLIMIT_MODE, 1 HUGE_PAGES; ops:
# 0 SET, 1 GET.  Map flags by name (docs/testing.md).

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

MAX=0xffffffffffffffff

@test "iova_ranges: __reserved is EOPNOTSUPP before the lookup; missing IOAS ENOENT" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_iova_ranges,ioas_id=9,num_iovas=1,__reserved=1" 'ioas_iova_ranges: EOPNOTSUPP'
	step "ioas_iova_ranges,ioas_id=9,num_iovas=1" 'ioas_iova_ranges: ENOENT'
	step "ioas_iova_ranges,size=31,ioas_id=1,num_iovas=1" 'ioas_iova_ranges: EINVAL'
	run_steps
}

@test "iova_ranges: a fresh IOAS has the whole space and alignment 1" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_iova_ranges,ioas_id=1,num_iovas=4" \
		'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1 ranges=0x0-0xffffffffffffffff'
	run_steps
}

@test "iova_ranges: too small an array is EMSGSIZE after writing back the count and what fits" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "test_add_reserved,id=1,start=0x10000,length=0x10000" 'test_add_reserved: ok'
	step "test_add_reserved,id=1,start=0x30000,length=0x10000" 'test_add_reserved: ok'
	step "ioas_iova_ranges,ioas_id=1,num_iovas=0" \
		'ioas_iova_ranges: EMSGSIZE num_iovas=3 out_iova_alignment=0x1 ranges='
	step "ioas_iova_ranges,ioas_id=1,num_iovas=2" \
		'ioas_iova_ranges: EMSGSIZE num_iovas=3 out_iova_alignment=0x1 ranges=0x0-0xffff:0x20000-0x2ffff'
	step "ioas_iova_ranges,ioas_id=1,num_iovas=3" \
		'ioas_iova_ranges: ok num_iovas=3 out_iova_alignment=0x1 ranges=0x0-0xffff:0x20000-0x2ffff:0x40000-0xffffffffffffffff'
	run_steps
}

@test "iova_ranges: overlapping and touching reserved ranges merge; ends are excluded" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "test_add_reserved,id=1,start=0,length=0x2000" 'test_add_reserved: ok'
	step "test_add_reserved,id=1,start=0x1000,length=0x2000" 'test_add_reserved: ok'
	step "test_add_reserved,id=1,start=0x3000,length=0x1000" 'test_add_reserved: ok'
	step "test_add_reserved,id=1,start=0xfffffffffffff000,length=0x1000" 'test_add_reserved: ok'
	step "ioas_iova_ranges,ioas_id=1,num_iovas=4" \
		'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1 ranges=0x4000-0xffffffffffffefff'
	run_steps
}

@test "iova_ranges: an unwritable array is EFAULT" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_iova_ranges,ioas_id=1,num_iovas=1,allowed_iovas=8" 'ioas_iova_ranges: EFAULT'
	step "ioas_iova_ranges,ioas_id=1,num_iovas=0,allowed_iovas=8" \
		'ioas_iova_ranges: EMSGSIZE num_iovas=1 out_iova_alignment=0x1'
	run_steps
}

@test "iova_ranges: a domain narrows the space to its aperture, alignment 2048" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "test_mock_domain,id=1" \
		'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "ioas_iova_ranges,ioas_id=1,num_iovas=4" \
		'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x800 ranges=0x1000000-0x7fffffff'
	step "destroy,id=2" 'destroy: ok'
	step "ioas_iova_ranges,ioas_id=1,num_iovas=4" \
		'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1 ranges=0x0-0xffffffffffffffff'
	run_steps
}

@test "iova_ranges: allowed ranges are not reported" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_allow_iovas,ioas_id=1,ranges=0x1000-0x1fff" 'ioas_allow_iovas: ok'
	step "ioas_iova_ranges,ioas_id=1,num_iovas=4" \
		'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1 ranges=0x0-0xffffffffffffffff'
	run_steps
}

@test "allow_iovas: __reserved is EOPNOTSUPP before the lookup; missing IOAS ENOENT" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_allow_iovas,ioas_id=9,__reserved=1,ranges=2-1" 'ioas_allow_iovas: EOPNOTSUPP'
	step "ioas_allow_iovas,ioas_id=9,ranges=2-1" 'ioas_allow_iovas: ENOENT'
	step "ioas_allow_iovas,size=23,ioas_id=1" 'ioas_allow_iovas: EINVAL'
	run_steps
}

@test "allow_iovas: start >= last is EINVAL, start == last too" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_allow_iovas,ioas_id=1,ranges=0x2000-0x1000" 'ioas_allow_iovas: EINVAL'
	step "ioas_allow_iovas,ioas_id=1,ranges=0x1000-0x1000" 'ioas_allow_iovas: EINVAL'
	step "ioas_allow_iovas,ioas_id=1,ranges=0x1000-0x1001" 'ioas_allow_iovas: ok'
	run_steps
}

@test "allow_iovas: overlapping an earlier range is EINVAL; unsorted input is fine" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_allow_iovas,ioas_id=1,ranges=0x4000-0x7fff:0x1000-0x4000" \
		'ioas_allow_iovas: EINVAL'
	step "ioas_allow_iovas,ioas_id=1,ranges=0x4000-0x7fff:0x1000-0x3fff" 'ioas_allow_iovas: ok'
	step "ioas_map,ioas_id=1,flags=writeable:readable,length=0x1000" 'ioas_map: ok iova=0x1000'
	run_steps
}

@test "allow_iovas: an unreadable array is EFAULT; num_iovas 0 needs none" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_allow_iovas,ioas_id=1,num_iovas=1,allowed_iovas=8" 'ioas_allow_iovas: EFAULT'
	step "ioas_allow_iovas,ioas_id=1,num_iovas=0,allowed_iovas=8" 'ioas_allow_iovas: ok'
	run_steps
}

@test "allow_iovas: over a reserved range is EADDRINUSE and the old set stays" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_allow_iovas,ioas_id=1,ranges=0x100000-0x1fffff" 'ioas_allow_iovas: ok'
	step "test_add_reserved,id=1,start=0x300000,length=0x1000" 'test_add_reserved: ok'
	step "ioas_allow_iovas,ioas_id=1,ranges=0x200000-0x3fffff" 'ioas_allow_iovas: EADDRINUSE'
	step "ioas_map,ioas_id=1,flags=writeable:readable,length=0x1000" \
		'ioas_map: ok iova=0x100000'
	run_steps
}

@test "allow_iovas: reserving over an allowed range is EADDRINUSE, so is a domain over one" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_allow_iovas,ioas_id=1,ranges=0x1000-0x1fff" 'ioas_allow_iovas: ok'
	step "test_add_reserved,id=1,start=0x1800,length=0x1000" 'test_add_reserved: EADDRINUSE'
	step "test_mock_domain,id=1" 'test_mock_domain: EADDRINUSE'
	step "ioas_allow_iovas,ioas_id=1,num_iovas=0" 'ioas_allow_iovas: ok'
	step "test_mock_domain,id=1" \
		'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	run_steps
}

@test "allow_iovas: constrains kernel-chosen IOVAs, not fixed ones nor existing maps" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000,length=0x1000" \
		'ioas_map: ok iova=0x1000'
	step "ioas_allow_iovas,ioas_id=1,ranges=0x100000-0x101fff:0x200000-0x2fffff" \
		'ioas_allow_iovas: ok'
	step "ioas_map,ioas_id=1,flags=writeable:readable,length=0x1000" \
		'ioas_map: ok iova=0x100000'
	step "ioas_map,ioas_id=1,flags=writeable:readable,length=0x2000" \
		'ioas_map: ok iova=0x200000'
	step "ioas_map,ioas_id=1,flags=writeable:readable,length=0x1000" \
		'ioas_map: ok iova=0x101000'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x5000,length=0x1000" \
		'ioas_map: ok iova=0x5000'
	step "ioas_map,ioas_id=1,flags=writeable:readable,length=0x200000" 'ioas_map: ENOSPC'
	step "ioas_allow_iovas,ioas_id=1,num_iovas=0" 'ioas_allow_iovas: ok'
	step "ioas_map,ioas_id=1,flags=writeable:readable,length=0x1000" 'ioas_map: ok iova=0x2000'
	run_steps
}

@test "option: __reserved and unknown option ids are EOPNOTSUPP before any lookup" {
	steps
	step "option,option_id=0,op=1,__reserved=1" 'option: EOPNOTSUPP'
	step "option,option_id=2,op=1,object_id=99" 'option: EOPNOTSUPP'
	step "option,option_id=0xffffffff,op=1" 'option: EOPNOTSUPP'
	run_steps
}

@test "option RLIMIT_MODE: object_id must be 0, GET is 0 by default, other ops EOPNOTSUPP" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "option,option_id=0,op=1,object_id=1" 'option: EOPNOTSUPP'
	step "option,option_id=0,op=1,val64=7" 'option: ok val64=0'
	step "option,option_id=0,op=2" 'option: EOPNOTSUPP'
	run_steps
}

@test "option RLIMIT_MODE: SET 1 on an empty context, GET reads it back; 2 is EINVAL" {
	steps
	step "option,option_id=0,op=0,val64=2" 'option: EINVAL'
	step "option,option_id=0,op=0,val64=1" 'option: ok val64=1'
	step "option,option_id=0,op=1" 'option: ok val64=1'
	step "option,option_id=0,op=0,val64=0" 'option: ok val64=0'
	step "option,option_id=0,op=1" 'option: ok val64=0'
	step "fd=1"
	step "option,option_id=0,op=1" 'option: ok val64=0'
	run_steps
}

@test "option RLIMIT_MODE: SET with any object in the context is EBUSY" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "option,option_id=0,op=0,val64=1" 'option: EBUSY'
	step "destroy,id=1" 'destroy: ok'
	step "option,option_id=0,op=0,val64=1" 'option: ok val64=1'
	run_steps
}

@test "option RLIMIT_MODE: SET without CAP_SYS_RESOURCE is EPERM (before EBUSY); GET needs none" {
	run setpriv --inh-caps=-sys_resource --bounding-set=-sys_resource -- \
		"$BIN/iofd" option,option_id=0,op=0,val64=1 ioas_alloc \
		option,option_id=0,op=0,val64=1 option,option_id=0,op=1
	expect_output "$(lines 'option: EPERM' \
		'ioas_alloc: ok out_ioas_id=1' \
		'option: EPERM' \
		'option: ok val64=0')"
}

@test "option HUGE_PAGES: object_id must be an IOAS (ENOENT); GET is 1; bad op EOPNOTSUPP, bad value EINVAL" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "option,option_id=1,op=1" 'option: ENOENT'
	step "option,option_id=1,op=1,object_id=2" 'option: ENOENT'
	step "option,option_id=1,op=1,object_id=1" 'option: ok val64=1'
	step "option,option_id=1,op=2,object_id=1" 'option: EOPNOTSUPP'
	step "option,option_id=1,op=0,object_id=1,val64=2" 'option: EINVAL'
	step "test_mock_domain,id=1" \
		'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "option,option_id=1,op=1,object_id=4" 'option: ENOENT'
	run_steps
}

@test "option HUGE_PAGES: 0 raises the alignment to PAGE_SIZE, 1 lowers it again" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "option,option_id=1,op=0,object_id=1,val64=0" 'option: ok val64=0'
	step "option,option_id=1,op=1,object_id=1" 'option: ok val64=0'
	step "ioas_iova_ranges,ioas_id=1,num_iovas=1" \
		'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1000 ranges=0x0-0xffffffffffffffff'
	step "option,option_id=1,op=0,object_id=1,val64=0" 'option: ok val64=0'
	step "option,option_id=1,op=0,object_id=1,val64=1" 'option: ok val64=1'
	step "option,option_id=1,op=1,object_id=1" 'option: ok val64=1'
	step "ioas_iova_ranges,ioas_id=1,num_iovas=1" \
		'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1 ranges=0x0-0xffffffffffffffff'
	run_steps
}

@test "option HUGE_PAGES: 0 with a misaligned mapping is EADDRINUSE and stays 1" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1800,length=0x1000" \
		'ioas_map: ok iova=0x1800'
	step "option,option_id=1,op=0,object_id=1,val64=0" 'option: EADDRINUSE'
	step "option,option_id=1,op=1,object_id=1" 'option: ok val64=1'
	step "ioas_unmap,ioas_id=1,iova=0,length=$MAX" 'ioas_unmap: ok length=0x1000'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000,length=0x1000" \
		'ioas_map: ok iova=0x1000'
	step "option,option_id=1,op=0,object_id=1,val64=0" 'option: ok val64=0'
	run_steps
}

@test "option HUGE_PAGES: 0 with a domain and mappings is EINVAL; with a domain alone fine" {
	steps
	step "mem,name=a,len=4K"
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "test_mock_domain,id=1" \
		'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@a,length=0x1000" \
		'ioas_map: ok iova=0x1000000'
	step "option,option_id=1,op=0,object_id=1,val64=0" 'option: EINVAL'
	step "ioas_unmap,ioas_id=1,iova=0,length=$MAX" 'ioas_unmap: ok length=0x1000'
	step "option,option_id=1,op=0,object_id=1,val64=0" 'option: ok val64=0'
	step "ioas_iova_ranges,ioas_id=1,num_iovas=1" \
		'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1000 ranges=0x1000000-0x7fffffff'
	run_steps
}

@test "a domain attach with a misaligned or outside mapping is EADDRINUSE" {
	steps
	step "mem,name=a,len=4K"
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000400,length=0x800" \
		'ioas_map: ok iova=0x1000400'
	step "test_mock_domain,id=1" 'test_mock_domain: EADDRINUSE'
	step "ioas_unmap,ioas_id=1,iova=0,length=$MAX" 'ioas_unmap: ok length=0x800'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000,length=0x1000" \
		'ioas_map: ok iova=0x1000'
	step "test_mock_domain,id=1" 'test_mock_domain: EADDRINUSE'
	step "ioas_unmap,ioas_id=1,iova=0,length=$MAX" 'ioas_unmap: ok length=0x1000'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000800,user_va=@a+0x800,length=0x800" \
		'ioas_map: ok iova=0x1000800'
	step "test_mock_domain,id=1" \
		'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	run_steps
}

# IOMMU_IOAS_CHANGE_PROCESS.  Without CAP_IPC_LOCK (else nothing is charged)
# and with room under RLIMIT_MEMLOCK; "vm" prints VmPin/VmLck in kB of this
# process or (who=origin) of the one that forked the steps up to "join".
noipc_iofd() {
	setpriv --inh-caps=-ipc_lock --bounding-set=-ipc_lock -- \
		prlimit --memlock=67108864 -- "$BIN/iofd" "$@"
}

# 8 KiB of memfd mapped at 0x1000000 of IOAS 1, which has a mock domain
CP_FILE="mem,name=m,len=8K,kind=memfd ioas_alloc test_mock_domain,id=1
	ioas_map_file,ioas_id=1,flags=writeable:readable,fd=@m,length=8K"
CP_FILE_OUT=('ioas_alloc: ok out_ioas_id=1'
	'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	'ioas_map_file: ok iova=0x1000000')

@test "change_process: __reserved is EOPNOTSUPP; with nothing mapped it succeeds" {
	steps
	step "ioas_change_process,__reserved=1" 'ioas_change_process: EOPNOTSUPP'
	step "ioas_change_process,size=7" 'ioas_change_process: EINVAL'
	step "ioas_change_process" 'ioas_change_process: ok'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_change_process" 'ioas_change_process: ok'
	run_steps
}

@test "change_process: a mapping of user memory in any IOAS is EINVAL" {
	steps
	step "mem,name=a,len=4K mem,name=m,len=4K,kind=memfd"
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	step "ioas_map_file,ioas_id=1,flags=readable,fd=@m,length=4K" \
		'ioas_map_file: ok iova=0x1000'
	step "ioas_map,ioas_id=2,flags=readable,user_va=@a,length=4K" \
		'ioas_map: ok iova=0x1000'
	step "ioas_change_process" 'ioas_change_process: EINVAL'
	step "ioas_unmap,ioas_id=2,iova=0x1000,length=4K" 'ioas_unmap: ok length=0x1000'
	step "ioas_change_process" 'ioas_change_process: ok'
	run_steps
}

@test "change_process: the calling process takes over VmPin (RLIMIT_MODE 0)" {
	RUN_IOFD="run noipc_iofd"
	steps
	step "$CP_FILE" "${CP_FILE_OUT[@]}"
	step "vm" 'vm: pin=8 lck=0'
	step "fork"
	step "vm,who=origin" 'vm: pin=8 lck=0'
	step "vm" 'vm: pin=0 lck=0'
	step "ioas_change_process" 'ioas_change_process: ok'
	step "vm,who=origin" 'vm: pin=0 lck=0'
	step "vm" 'vm: pin=8 lck=0'
	step "join"
	step "vm" 'vm: pin=0 lck=0'
	run_steps
	run pinned
	expect_output "0"
}

@test "change_process: in RLIMIT_MODE 1 VmLck moves with VmPin" {
	RUN_IOFD="run noipc_iofd"
	steps
	step "option,option_id=0,op=0,val64=1" 'option: ok val64=1'
	step "$CP_FILE" "${CP_FILE_OUT[@]}"
	step "fork"
	step "vm,who=origin" 'vm: pin=8 lck=8'
	step "ioas_change_process" 'ioas_change_process: ok'
	step "vm,who=origin" 'vm: pin=0 lck=0'
	step "vm" 'vm: pin=8 lck=8'
	step "join"
	step "vm" 'vm: pin=0 lck=0'
	run_steps
}

@test "change_process: over the new process's RLIMIT_MEMLOCK is ENOMEM and nothing moves" {
	RUN_IOFD="run noipc_iofd"
	steps
	step "option,option_id=0,op=0,val64=1" 'option: ok val64=1'
	step "$CP_FILE" "${CP_FILE_OUT[@]}"
	step "fork"
	step "rlimit,memlock=4096"
	step "ioas_change_process" 'ioas_change_process: ENOMEM'
	step "vm,who=origin" 'vm: pin=8 lck=8'
	step "vm" 'vm: pin=0 lck=0'
	step "join"
	step "vm" 'vm: pin=8 lck=8'
	run_steps
}

@test "change_process: memory two IOASes share through IOAS_COPY moves once" {
	RUN_IOFD="run noipc_iofd"
	steps
	step "$CP_FILE" "${CP_FILE_OUT[@]}"
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=5'
	step "test_mock_domain,id=5" \
		'test_mock_domain: ok out_stdev_id=6 out_hwpt_id=8 out_idev_id=7'
	step "ioas_copy,dst_ioas_id=5,src_ioas_id=1,flags=writeable:readable,src_iova=0x1000000,length=8K" \
		'ioas_copy: ok dst_iova=0x1000000'
	step "vm" 'vm: pin=8 lck=0'
	step "fork"
	step "ioas_change_process" 'ioas_change_process: ok'
	step "vm,who=origin" 'vm: pin=0 lck=0'
	step "vm" 'vm: pin=8 lck=0'
	step "join"
	run_steps
	run pinned
	expect_output "0"
}
