#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# IOMMU_IOAS_MAP and IOMMU_IOAS_MAP_FILE: every check in upstream's order,
# the kernel-chosen IOVA, and pinning (README.md,
# "Supported ioctls" and "Pinning and accounting").
#
# Map flags by name: fixed_iova, writeable, readable (docs/testing.md).
# Without a domain nothing is pinned, so user_va need not be mapped memory.

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

MAX=0xffffffffffffffff

@test "map: unknown flag or __reserved is EOPNOTSUPP before everything else" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map,ioas_id=1,flags=0xe,length=0x1000" 'ioas_map: EOPNOTSUPP'
	step "ioas_map,ioas_id=1,flags=writeable:readable,__reserved=1,length=0x1000" \
		'ioas_map: EOPNOTSUPP'
	step "ioas_map,ioas_id=9,flags=8,iova=$MAX,length=0" 'ioas_map: EOPNOTSUPP'
	run_steps
}

@test "map: iova or length of ULONG_MAX is EOVERFLOW, before the R/W check" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=$MAX,length=0x1000" \
		'ioas_map: EOVERFLOW'
	step "ioas_map,ioas_id=1,flags=writeable:readable,length=$MAX" 'ioas_map: EOVERFLOW'
	step "ioas_map,ioas_id=9,flags=0,length=$MAX" 'ioas_map: EOVERFLOW'
	run_steps
}

@test "map: neither READABLE nor WRITEABLE is EINVAL, before the IOAS lookup" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map,ioas_id=1,flags=fixed_iova,length=0x1000" 'ioas_map: EINVAL'
	step "ioas_map,ioas_id=9,flags=0,length=0x1000" 'ioas_map: EINVAL'
	run_steps
}

@test "map: a missing IOAS or another object type is ENOENT, before length checks" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map,ioas_id=2,flags=writeable:readable,length=0" 'ioas_map: ENOENT'
	step "ioas_map,ioas_id=0,flags=writeable:readable,length=0x1000" 'ioas_map: ENOENT'
	step "test_mock_domain,id=1" \
		'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "ioas_map,ioas_id=4,flags=writeable:readable,length=0x1000" 'ioas_map: ENOENT'
	run_steps
}

@test "map: user_va + length overflowing is EOVERFLOW, then length 0 is EINVAL" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map,ioas_id=1,flags=writeable:readable,user_va=0xfffffffffffff000,length=0x1000" \
		'ioas_map: EOVERFLOW'
	step "ioas_map,ioas_id=1,flags=writeable:readable,user_va=0xfffffffffffff000,length=0" \
		'ioas_map: EINVAL'
	step "ioas_map,ioas_id=1,flags=writeable:readable,user_va=0x1000,length=0" \
		'ioas_map: EINVAL'
	step "ioas_map,ioas_id=1,flags=writeable:readable,user_va=0xffffffffffffe000,length=0x1000" \
		'ioas_map: ok iova=0x1000'
	run_steps
}

@test "map: a bare IOAS takes byte-granular IOVA, length and user_va" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x12345,user_va=0x1001,length=3" \
		'ioas_map: ok iova=0x12345'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x12348,user_va=0x77,length=1" \
		'ioas_map: ok iova=0x12348'
	step "ioas_unmap,ioas_id=1,iova=0,length=$MAX" 'ioas_unmap: ok length=0x4'
	run_steps
}

@test "map fixed: misaligned length, then misaligned iova, are EINVAL (HUGE_PAGES off: PAGE_SIZE)" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "option,option_id=1,op=0,object_id=1,val64=0" 'option: ok val64=0'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000,length=0x1001" \
		'ioas_map: EINVAL'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1800,length=0x1000" \
		'ioas_map: EINVAL'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x2000,length=0x1000" \
		'ioas_map: ok iova=0x2000'
	run_steps
}

@test "map fixed: iova + length - 1 overflowing is EOVERFLOW, before the reserved check" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "test_add_reserved,id=1,start=0xffffffffffff0000,length=0x1000" 'test_add_reserved: ok'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0xffffffffffff0000,length=0x20000" \
		'ioas_map: EOVERFLOW'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0xffffffffffffe000,length=0x2000" \
		'ioas_map: ok iova=0xffffffffffffe000'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0xfffffffffffff000,length=0x1000" \
		'ioas_map: EEXIST'
	run_steps
}

@test "map fixed: a reserved range is EINVAL (not EADDRINUSE), before EEXIST" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x10000,length=0x1000" \
		'ioas_map: ok iova=0x10000'
	step "test_add_reserved,id=1,start=0x11000,length=0x1000" 'test_add_reserved: ok'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x11fff,length=1" \
		'ioas_map: EINVAL'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x10000,length=0x2000" \
		'ioas_map: EINVAL'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x10fff,length=1" \
		'ioas_map: EEXIST'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x12000,length=0x1000" \
		'ioas_map: ok iova=0x12000'
	run_steps
}

@test "map fixed: the in-page offset of user_va must meet the IOVA alignment (EINVAL)" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "option,option_id=1,op=0,object_id=1,val64=0" 'option: ok val64=0'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000,user_va=0x5800,length=0x1000" \
		'ioas_map: EINVAL'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000,user_va=0x7000,length=0x1000" \
		'ioas_map: ok iova=0x1000'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x2000,user_va=0x7fff000,length=0x1000" \
		'ioas_map: ok iova=0x2000'
	run_steps
}

@test "map: the kernel picks the lowest free IOVA, never 0, and fills gaps" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map,ioas_id=1,flags=writeable:readable,user_va=0x1000,length=0x1000" \
		'ioas_map: ok iova=0x1000'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x3000,user_va=0x1000,length=0x1000" \
		'ioas_map: ok iova=0x3000'
	step "ioas_map,ioas_id=1,flags=writeable:readable,user_va=0x1000,length=0x1000" \
		'ioas_map: ok iova=0x2000'
	step "ioas_map,ioas_id=1,flags=writeable:readable,user_va=0x1000,length=0x1000" \
		'ioas_map: ok iova=0x4000'
	run_steps
}

@test "map: the chosen IOVA keeps the alignment of user_va up to the length's, at most 2 MiB" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map,ioas_id=1,flags=writeable:readable,user_va=0x200000,length=0x200000" \
		'ioas_map: ok iova=0x200000'
	step "ioas_map,ioas_id=1,flags=writeable:readable,user_va=0x10000,length=0x200000" \
		'ioas_map: ok iova=0x400000'
	step "ioas_map,ioas_id=1,flags=writeable:readable,user_va=0,length=0x3000" \
		'ioas_map: ok iova=0x4000'
	step "ioas_map,ioas_id=1,flags=writeable:readable,user_va=0x40000000,length=0x40000000" \
		'ioas_map: ok iova=0x600000'
	step "ioas_map,ioas_id=1,flags=writeable:readable,user_va=0x1234,length=0x1000" \
		'ioas_map: ok iova=0x1234'
	run_steps
}

@test "map: a chosen alignment below the IOAS alignment is EINVAL" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "option,option_id=1,op=0,object_id=1,val64=0" 'option: ok val64=0'
	step "ioas_map,ioas_id=1,flags=writeable:readable,user_va=0x1800,length=0x1000" \
		'ioas_map: EINVAL'
	step "ioas_map,ioas_id=1,flags=writeable:readable,user_va=0x1000,length=0x1000" \
		'ioas_map: ok iova=0x1000'
	run_steps
}

@test "map: the last page is never chosen; no room is ENOSPC" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_allow_iovas,ioas_id=1,ranges=0xffffffffffffd000-0xfffffffffffffffe" \
		'ioas_allow_iovas: ok'
	step "ioas_map,ioas_id=1,flags=writeable:readable,length=0x1000" \
		'ioas_map: ok iova=0xffffffffffffd000'
	step "ioas_map,ioas_id=1,flags=writeable:readable,length=0x1000" \
		'ioas_map: ok iova=0xffffffffffffe000'
	step "ioas_map,ioas_id=1,flags=writeable:readable,length=0x1000" 'ioas_map: ENOSPC'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0xfffffffffffff000,length=0x1000" \
		'ioas_map: ok iova=0xfffffffffffff000'
	run_steps
}

@test "map: reserved ranges are skipped by the allocator" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "test_add_reserved,id=1,start=0,length=0x100000" 'test_add_reserved: ok'
	step "ioas_map,ioas_id=1,flags=writeable:readable,length=0x1000" \
		'ioas_map: ok iova=0x100000'
	run_steps
}

@test "map: a short struct (min size 40) is EINVAL, a fixed iova is written back" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map,size=39,ioas_id=1,flags=writeable:readable,length=0x1000" 'ioas_map: EINVAL'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x5000,length=0x1000" \
		'ioas_map: ok iova=0x5000'
	run_steps
}

@test "map of real 4 KiB, hugepage and memfd memory, then unmap" {
	echo 4 >/proc/sys/vm/nr_hugepages
	run iofd mem,name=a,len=4K mem,name=h,len=2M,kind=huge \
		mem,name=m,len=64K,kind=memfd ioas_alloc \
		ioas_map,ioas_id=1,flags=writeable:readable,user_va=@a,length=4096 \
		ioas_map,ioas_id=1,flags=writeable:readable,user_va=@h,length=2M \
		ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x400000,user_va=@m,length=64K \
		ioas_unmap,ioas_id=1,iova=0,length=$MAX
	expect_output "$(lines 'ioas_alloc: ok out_ioas_id=1' \
		'ioas_map: ok iova=0x1000' \
		'ioas_map: ok iova=0x200000' \
		'ioas_map: ok iova=0x400000' \
		'ioas_unmap: ok length=0x211000')"
}

@test "map_file: flags EOPNOTSUPP, EOVERFLOW, EINVAL, ENOENT, then EBADF" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map_file,ioas_id=1,flags=8,fd=-1,length=0x1000" 'ioas_map_file: EOPNOTSUPP'
	step "ioas_map_file,ioas_id=1,flags=writeable:readable,fd=-1,length=$MAX" \
		'ioas_map_file: EOVERFLOW'
	step "ioas_map_file,ioas_id=1,flags=fixed_iova,fd=-1,length=0x1000" 'ioas_map_file: EINVAL'
	step "ioas_map_file,ioas_id=2,flags=writeable:readable,fd=-1,length=0x1000" \
		'ioas_map_file: ENOENT'
	step "ioas_map_file,ioas_id=1,flags=writeable:readable,fd=-1,length=0x1000" \
		'ioas_map_file: EBADF'
	step "ioas_map_file,ioas_id=1,flags=writeable:readable,fd=1000,length=0" \
		'ioas_map_file: EBADF'
	run_steps
}

@test "map_file: start + length - 1 overflowing is EOVERFLOW, length 0 EINVAL" {
	steps
	step "mem,name=m,len=64K,kind=memfd"
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map_file,ioas_id=1,flags=writeable:readable,fd=@m,start=0xfffffffffffff000,length=0x2000" \
		'ioas_map_file: EOVERFLOW'
	step "ioas_map_file,ioas_id=1,flags=writeable:readable,fd=@m,start=0x1000,length=0" \
		'ioas_map_file: EINVAL'
	run_steps
}

@test "map_file: the chosen IOVA follows the file offset; fixed checks apply" {
	steps
	step "mem,name=m,len=4M,kind=memfd"
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map_file,ioas_id=1,flags=writeable:readable,fd=@m,start=0x200000,length=0x200000" \
		'ioas_map_file: ok iova=0x200000'
	step "ioas_map_file,ioas_id=1,flags=writeable:readable,fd=@m,start=0x1800,length=0x800" \
		'ioas_map_file: ok iova=0x1800'
	step "ioas_map_file,ioas_id=1,flags=fixed_iova:writeable:readable,fd=@m,iova=0x200000,length=0x1000" \
		'ioas_map_file: EEXIST'
	run_steps
}

@test "nothing is pinned while the IOAS has no domain" {
	start_holder mem,name=a,len=2M mem,name=m,len=1M,kind=memfd ioas_alloc \
		ioas_map,ioas_id=1,flags=writeable:readable,user_va=@a,length=2M \
		ioas_map_file,ioas_id=1,flags=writeable:readable,fd=@m,length=1M
	run pinned
	expect_output "0"
}

@test "with a domain, map pins at once; unmap unpins" {
	start_holder mem,name=a,len=2M mem,name=b,len=4K ioas_alloc \
		test_mock_domain,id=1 \
		ioas_map,ioas_id=1,flags=writeable:readable,user_va=@a,length=2M \
		ioas_map,ioas_id=1,flags=readable,user_va=@b,length=4K \
		ioas_unmap,ioas_id=1,iova=0x1000000,length=2M
	run pinned
	expect_output "1"
	stop_holder
	run pinned
	expect_output "0"
}

@test "with a domain, a 2 MiB map pins 512 pages, memfd through MAP_FILE too" {
	start_holder mem,name=a,len=2M mem,name=m,len=2M,kind=memfd ioas_alloc \
		test_mock_domain,id=1 \
		ioas_map,ioas_id=1,flags=writeable:readable,user_va=@a,length=2M \
		ioas_map_file,ioas_id=1,flags=writeable:readable,fd=@m,length=2M
	run pinned
	expect_output "1024"
	stop_holder KILL
	run pinned
	expect_output "0"
}

@test "a domain added after the map pins; removing the last one unpins, the map stays" {
	run iofd mem,name=a,len=64K ioas_alloc \
		ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@a,length=64K \
		test_mock_domain,id=1 destroy,id=2 \
		ioas_unmap,ioas_id=1,iova=0,length=$MAX
	expect_output "$(lines 'ioas_alloc: ok out_ioas_id=1' \
		'ioas_map: ok iova=0x1000000' \
		'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3' \
		'destroy: ok' \
		'ioas_unmap: ok length=0x10000')"
	start_holder mem,name=a,len=64K ioas_alloc \
		ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@a,length=64K \
		test_mock_domain,id=1
	run pinned
	expect_output "16"
	stop_holder
	start_holder mem,name=a,len=64K ioas_alloc \
		ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@a,length=64K \
		test_mock_domain,id=1 destroy,id=2
	run pinned
	expect_output "0"
}

@test "PFN-mapped memory fails to pin: EFAULT at map with a domain, nothing left behind" {
	steps
	step "mem,name=p,len=4K,kind=pfnmap"
	step "mem,name=a,len=4K"
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "test_mock_domain,id=1" \
		'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@p,length=4K" \
		'ioas_map: EFAULT'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@a,length=4K" \
		'ioas_map: ok iova=0x1000000'
	run_steps
	run pinned
	expect_output "0"
}

@test "PFN-mapped memory maps without a domain, then the attach fails with EFAULT" {
	steps
	step "mem,name=p,len=4K,kind=pfnmap"
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@p,length=4K" \
		'ioas_map: ok iova=0x1000000'
	step "test_mock_domain,id=1" 'test_mock_domain: EFAULT'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	run_steps
}

@test "unmapped user memory fails to pin with EFAULT; read-only memory mapped WRITEABLE too" {
	steps
	step "mem,name=a,len=8K"
	step "mem,name=r,len=4K,kind=ro"
	step "munmap,name=a"
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "test_mock_domain,id=1" \
		'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "ioas_map,ioas_id=1,flags=writeable:readable,user_va=@a,length=4K" 'ioas_map: EFAULT'
	step "ioas_map,ioas_id=1,flags=writeable:readable,user_va=@r,length=4K" 'ioas_map: EFAULT'
	step "ioas_map,ioas_id=1,flags=readable,user_va=@r,length=4K" 'ioas_map: ok iova=0x1000000'
	run_steps
	run pinned
	expect_output "0"
}

@test "map_file of a file that is not shmem maps, but cannot be pinned (EINVAL)" {
	rm -f /var/tmp/iofd-not-shmem
	run iofd mem,name=f,len=8K,kind=file,path=/var/tmp/iofd-not-shmem \
		ioas_alloc \
		ioas_map_file,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,fd=@f,length=8K \
		test_mock_domain,id=1 \
		ioas_unmap,ioas_id=1,iova=0,length=$MAX test_mock_domain,id=1 \
		ioas_map_file,ioas_id=1,flags=writeable:readable,fd=@f,length=8K \
		ioas_map_file,ioas_id=1,flags=writeable:readable,fd=@f,start=0x2000,length=4K
	rm -f /var/tmp/iofd-not-shmem
	expect_output "$(lines 'ioas_alloc: ok out_ioas_id=1' \
		'ioas_map_file: ok iova=0x1000000' \
		'test_mock_domain: EINVAL' \
		'ioas_unmap: ok length=0x2000' \
		'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3' \
		'ioas_map_file: EINVAL' \
		'ioas_map_file: EINVAL')"
}

@test "map_file past the end of a memfd fails to pin (EINVAL)" {
	steps
	step "mem,name=m,len=8K,kind=memfd"
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "test_mock_domain,id=1" \
		'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "ioas_map_file,ioas_id=1,flags=writeable:readable,fd=@m,length=12K" \
		'ioas_map_file: EINVAL'
	step "ioas_map_file,ioas_id=1,flags=writeable:readable,fd=@m,length=8K" \
		'ioas_map_file: ok iova=0x1000000'
	run_steps
	run pinned
	expect_output "0"
}

@test "RLIMIT_MEMLOCK: over the limit is ENOMEM with nothing pinned or mapped" {
	# no CAP_IPC_LOCK, 1 MiB of memlock: a 2 MiB pin fails, 1 MiB fits
	run setpriv --inh-caps=-ipc_lock --bounding-set=-ipc_lock -- \
		prlimit --memlock=1048576 -- "$BIN/iofd" \
		mem,name=a,len=2M ioas_alloc test_mock_domain,id=1 \
		ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@a,length=2M \
		ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@a,length=1M \
		ioas_map,ioas_id=1,flags=writeable:readable,user_va=@a,length=4K
	expect_output "$(lines 'ioas_alloc: ok out_ioas_id=1' \
		'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3' \
		'ioas_map: ENOMEM' \
		'ioas_map: ok iova=0x1000000' \
		'ioas_map: ENOMEM')"
	run pinned
	expect_output "0"
}

@test "RLIMIT_MEMLOCK: a domain attach over the limit fails with ENOMEM and unwinds" {
	run setpriv --inh-caps=-ipc_lock --bounding-set=-ipc_lock -- \
		prlimit --memlock=1048576 -- "$BIN/iofd" \
		mem,name=a,len=2M ioas_alloc \
		ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@a,length=1M \
		ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1100000,user_va=@a+1M,length=1M \
		test_mock_domain,id=1 ioas_unmap,ioas_id=1,iova=0x1100000,length=1M \
		test_mock_domain,id=1
	expect_output "$(lines 'ioas_alloc: ok out_ioas_id=1' \
		'ioas_map: ok iova=0x1000000' \
		'ioas_map: ok iova=0x1100000' \
		'test_mock_domain: ENOMEM' \
		'ioas_unmap: ok length=0x100000' \
		'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3')"
	run pinned
	expect_output "0"
}

@test "RLIMIT_MEMLOCK: CAP_IPC_LOCK is not limited" {
	run prlimit --memlock=0 -- "$BIN/iofd" mem,name=a,len=2M ioas_alloc \
		test_mock_domain,id=1 ioas_map,ioas_id=1,flags=writeable:readable,user_va=@a,length=2M
	expect_output "$(lines 'ioas_alloc: ok out_ioas_id=1' \
		'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3' \
		'ioas_map: ok iova=0x1000000')"
}

@test "RLIMIT_MODE 1 charges the process: ENOMEM over its limit too" {
	run setpriv --inh-caps=-ipc_lock --bounding-set=-ipc_lock -- \
		prlimit --memlock=1048576 -- "$BIN/iofd" \
		option,option_id=0,op=0,val64=1 mem,name=a,len=2M ioas_alloc \
		test_mock_domain,id=1 \
		ioas_map,ioas_id=1,flags=writeable:readable,user_va=@a,length=2M \
		ioas_map,ioas_id=1,flags=writeable:readable,user_va=@a,length=1M
	expect_output "$(lines 'option: ok val64=1' \
		'ioas_alloc: ok out_ioas_id=1' \
		'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3' \
		'ioas_map: ENOMEM' \
		'ioas_map: ok iova=0x1000000')"
}

@test "pinned memory shows as VmPin of the mapping process until unpinned" {
	start_holder mem,name=a,len=2M ioas_alloc test_mock_domain,id=1 \
		ioas_map,ioas_id=1,flags=writeable:readable,user_va=@a,length=2M
	run grep VmPin "/proc/$HOLDER/status"
	expect_output $'VmPin:\t    2048 kB'
	stop_holder
	run pinned
	expect_output "0"
}
