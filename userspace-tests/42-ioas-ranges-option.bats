#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# IOMMU_IOAS_IOVA_RANGES, IOMMU_IOAS_ALLOW_IOVAS and IOMMU_OPTION (spec (c)2,
# fact sheet items 5, 6, 7).  Option ids: 0 RLIMIT_MODE, 1 HUGE_PAGES; ops:
# 0 SET, 1 GET.  Map flags: 1 FIXED_IOVA, 2 WRITEABLE, 4 READABLE.

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

MAX=0xffffffffffffffff

@test "iova_ranges: __reserved is EOPNOTSUPP before the lookup; missing IOAS ENOENT" {
	run iofd ioas_alloc ioas_iova_ranges,ioas_id=9,num_iovas=1,__reserved=1 \
		ioas_iova_ranges,ioas_id=9,num_iovas=1 \
		ioas_iova_ranges,size=31,ioas_id=1,num_iovas=1
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_iova_ranges: EOPNOTSUPP\nioas_iova_ranges: ENOENT\nioas_iova_ranges: EINVAL'
}

@test "iova_ranges: a fresh IOAS has the whole space and alignment 1" {
	run iofd ioas_alloc ioas_iova_ranges,ioas_id=1,num_iovas=4
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1 ranges=0x0-0xffffffffffffffff'
}

@test "iova_ranges: too small an array is EMSGSIZE after writing back the count and what fits" {
	run iofd ioas_alloc test_add_reserved,id=1,start=0x10000,length=0x10000 \
		test_add_reserved,id=1,start=0x30000,length=0x10000 \
		ioas_iova_ranges,ioas_id=1,num_iovas=0 \
		ioas_iova_ranges,ioas_id=1,num_iovas=2 \
		ioas_iova_ranges,ioas_id=1,num_iovas=3
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_add_reserved: ok\ntest_add_reserved: ok\nioas_iova_ranges: EMSGSIZE num_iovas=3 out_iova_alignment=0x1 ranges=\nioas_iova_ranges: EMSGSIZE num_iovas=3 out_iova_alignment=0x1 ranges=0x0-0xffff:0x20000-0x2ffff\nioas_iova_ranges: ok num_iovas=3 out_iova_alignment=0x1 ranges=0x0-0xffff:0x20000-0x2ffff:0x40000-0xffffffffffffffff'
}

@test "iova_ranges: overlapping and touching reserved ranges merge; ends are excluded" {
	run iofd ioas_alloc test_add_reserved,id=1,start=0,length=0x2000 \
		test_add_reserved,id=1,start=0x1000,length=0x2000 \
		test_add_reserved,id=1,start=0x3000,length=0x1000 \
		test_add_reserved,id=1,start=0xfffffffffffff000,length=0x1000 \
		ioas_iova_ranges,ioas_id=1,num_iovas=4
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_add_reserved: ok\ntest_add_reserved: ok\ntest_add_reserved: ok\ntest_add_reserved: ok\nioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1 ranges=0x4000-0xffffffffffffefff'
}

@test "iova_ranges: an unwritable array is EFAULT" {
	run iofd ioas_alloc ioas_iova_ranges,ioas_id=1,num_iovas=1,allowed_iovas=8 \
		ioas_iova_ranges,ioas_id=1,num_iovas=0,allowed_iovas=8
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_iova_ranges: EFAULT\nioas_iova_ranges: EMSGSIZE num_iovas=1 out_iova_alignment=0x1'
}

@test "iova_ranges: a domain narrows the space to its aperture, alignment 2048" {
	run iofd ioas_alloc test_mock_domain,id=1 ioas_iova_ranges,ioas_id=1,num_iovas=4 \
		destroy,id=2 ioas_iova_ranges,ioas_id=1,num_iovas=4
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x800 ranges=0x1000000-0x7fffffff\ndestroy: ok\nioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1 ranges=0x0-0xffffffffffffffff'
}

@test "iova_ranges: allowed ranges are not reported" {
	run iofd ioas_alloc ioas_allow_iovas,ioas_id=1,ranges=0x1000-0x1fff \
		ioas_iova_ranges,ioas_id=1,num_iovas=4
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_allow_iovas: ok\nioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1 ranges=0x0-0xffffffffffffffff'
}

@test "allow_iovas: __reserved is EOPNOTSUPP before the lookup; missing IOAS ENOENT" {
	run iofd ioas_alloc ioas_allow_iovas,ioas_id=9,__reserved=1,ranges=2-1 \
		ioas_allow_iovas,ioas_id=9,ranges=2-1 \
		ioas_allow_iovas,size=23,ioas_id=1
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_allow_iovas: EOPNOTSUPP\nioas_allow_iovas: ENOENT\nioas_allow_iovas: EINVAL'
}

@test "allow_iovas: start >= last is EINVAL, start == last too" {
	run iofd ioas_alloc ioas_allow_iovas,ioas_id=1,ranges=0x2000-0x1000 \
		ioas_allow_iovas,ioas_id=1,ranges=0x1000-0x1000 \
		ioas_allow_iovas,ioas_id=1,ranges=0x1000-0x1001
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_allow_iovas: EINVAL\nioas_allow_iovas: EINVAL\nioas_allow_iovas: ok'
}

@test "allow_iovas: overlapping an earlier range is EINVAL; unsorted input is fine" {
	run iofd ioas_alloc \
		ioas_allow_iovas,ioas_id=1,ranges=0x4000-0x7fff:0x1000-0x4000 \
		ioas_allow_iovas,ioas_id=1,ranges=0x4000-0x7fff:0x1000-0x3fff \
		ioas_map,ioas_id=1,flags=6,length=0x1000
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_allow_iovas: EINVAL\nioas_allow_iovas: ok\nioas_map: ok iova=0x1000'
}

@test "allow_iovas: an unreadable array is EFAULT; num_iovas 0 needs none" {
	run iofd ioas_alloc ioas_allow_iovas,ioas_id=1,num_iovas=1,allowed_iovas=8 \
		ioas_allow_iovas,ioas_id=1,num_iovas=0,allowed_iovas=8
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_allow_iovas: EFAULT\nioas_allow_iovas: ok'
}

@test "allow_iovas: over a reserved range is EADDRINUSE and the old set stays" {
	run iofd ioas_alloc ioas_allow_iovas,ioas_id=1,ranges=0x100000-0x1fffff \
		test_add_reserved,id=1,start=0x300000,length=0x1000 \
		ioas_allow_iovas,ioas_id=1,ranges=0x200000-0x3fffff \
		ioas_map,ioas_id=1,flags=6,length=0x1000
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_allow_iovas: ok\ntest_add_reserved: ok\nioas_allow_iovas: EADDRINUSE\nioas_map: ok iova=0x100000'
}

@test "allow_iovas: reserving over an allowed range is EADDRINUSE, so is a domain over one" {
	run iofd ioas_alloc ioas_allow_iovas,ioas_id=1,ranges=0x1000-0x1fff \
		test_add_reserved,id=1,start=0x1800,length=0x1000 \
		test_mock_domain,id=1 ioas_allow_iovas,ioas_id=1,num_iovas=0 \
		test_mock_domain,id=1
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_allow_iovas: ok\ntest_add_reserved: EADDRINUSE\ntest_mock_domain: EADDRINUSE\nioas_allow_iovas: ok\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
}

@test "allow_iovas: constrains kernel-chosen IOVAs, not fixed ones nor existing maps" {
	run iofd ioas_alloc ioas_map,ioas_id=1,flags=7,iova=0x1000,length=0x1000 \
		ioas_allow_iovas,ioas_id=1,ranges=0x100000-0x101fff:0x200000-0x2fffff \
		ioas_map,ioas_id=1,flags=6,length=0x1000 \
		ioas_map,ioas_id=1,flags=6,length=0x2000 \
		ioas_map,ioas_id=1,flags=6,length=0x1000 \
		ioas_map,ioas_id=1,flags=7,iova=0x5000,length=0x1000 \
		ioas_map,ioas_id=1,flags=6,length=0x200000 \
		ioas_allow_iovas,ioas_id=1,num_iovas=0 \
		ioas_map,ioas_id=1,flags=6,length=0x1000
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map: ok iova=0x1000\nioas_allow_iovas: ok\nioas_map: ok iova=0x100000\nioas_map: ok iova=0x200000\nioas_map: ok iova=0x101000\nioas_map: ok iova=0x5000\nioas_map: ENOSPC\nioas_allow_iovas: ok\nioas_map: ok iova=0x2000'
}

@test "option: __reserved and unknown option ids are EOPNOTSUPP before any lookup" {
	run iofd option,option_id=0,op=1,__reserved=1 \
		option,option_id=2,op=1,object_id=99 option,option_id=0xffffffff,op=1
	expect_output $'option: EOPNOTSUPP\noption: EOPNOTSUPP\noption: EOPNOTSUPP'
}

@test "option RLIMIT_MODE: object_id must be 0, GET is 0 by default, other ops EOPNOTSUPP" {
	run iofd ioas_alloc option,option_id=0,op=1,object_id=1 \
		option,option_id=0,op=1,val64=7 option,option_id=0,op=2
	expect_output $'ioas_alloc: ok out_ioas_id=1\noption: EOPNOTSUPP\noption: ok val64=0\noption: EOPNOTSUPP'
}

@test "option RLIMIT_MODE: SET 1 on an empty context, GET reads it back; 2 is EINVAL" {
	run iofd option,option_id=0,op=0,val64=2 option,option_id=0,op=0,val64=1 \
		option,option_id=0,op=1 option,option_id=0,op=0,val64=0 \
		option,option_id=0,op=1 fd=1 option,option_id=0,op=1
	expect_output $'option: EINVAL\noption: ok val64=1\noption: ok val64=1\noption: ok val64=0\noption: ok val64=0\noption: ok val64=0'
}

@test "option RLIMIT_MODE: SET with any object in the context is EBUSY" {
	run iofd ioas_alloc option,option_id=0,op=0,val64=1 destroy,id=1 \
		option,option_id=0,op=0,val64=1
	expect_output $'ioas_alloc: ok out_ioas_id=1\noption: EBUSY\ndestroy: ok\noption: ok val64=1'
}

@test "option RLIMIT_MODE: SET without CAP_SYS_RESOURCE is EPERM (before EBUSY); GET needs none" {
	run setpriv --inh-caps=-sys_resource --bounding-set=-sys_resource -- \
		"$BIN/iofd" option,option_id=0,op=0,val64=1 ioas_alloc \
		option,option_id=0,op=0,val64=1 option,option_id=0,op=1
	expect_output $'option: EPERM\nioas_alloc: ok out_ioas_id=1\noption: EPERM\noption: ok val64=0'
}

@test "option HUGE_PAGES: object_id must be an IOAS (ENOENT); GET is 1; bad op EOPNOTSUPP, bad value EINVAL" {
	run iofd ioas_alloc option,option_id=1,op=1 option,option_id=1,op=1,object_id=2 \
		option,option_id=1,op=1,object_id=1 option,option_id=1,op=2,object_id=1 \
		option,option_id=1,op=0,object_id=1,val64=2 \
		test_mock_domain,id=1 option,option_id=1,op=1,object_id=4
	expect_output $'ioas_alloc: ok out_ioas_id=1\noption: ENOENT\noption: ENOENT\noption: ok val64=1\noption: EOPNOTSUPP\noption: EINVAL\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\noption: ENOENT'
}

@test "option HUGE_PAGES: 0 raises the alignment to PAGE_SIZE, 1 lowers it again" {
	run iofd ioas_alloc option,option_id=1,op=0,object_id=1,val64=0 \
		option,option_id=1,op=1,object_id=1 \
		ioas_iova_ranges,ioas_id=1,num_iovas=1 \
		option,option_id=1,op=0,object_id=1,val64=0 \
		option,option_id=1,op=0,object_id=1,val64=1 \
		option,option_id=1,op=1,object_id=1 \
		ioas_iova_ranges,ioas_id=1,num_iovas=1
	expect_output $'ioas_alloc: ok out_ioas_id=1\noption: ok val64=0\noption: ok val64=0\nioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1000 ranges=0x0-0xffffffffffffffff\noption: ok val64=0\noption: ok val64=1\noption: ok val64=1\nioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1 ranges=0x0-0xffffffffffffffff'
}

@test "option HUGE_PAGES: 0 with a misaligned mapping is EADDRINUSE and stays 1" {
	run iofd ioas_alloc ioas_map,ioas_id=1,flags=7,iova=0x1800,length=0x1000 \
		option,option_id=1,op=0,object_id=1,val64=0 \
		option,option_id=1,op=1,object_id=1 \
		ioas_unmap,ioas_id=1,iova=0,length=$MAX \
		ioas_map,ioas_id=1,flags=7,iova=0x1000,length=0x1000 \
		option,option_id=1,op=0,object_id=1,val64=0
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map: ok iova=0x1800\noption: EADDRINUSE\noption: ok val64=1\nioas_unmap: ok length=0x1000\nioas_map: ok iova=0x1000\noption: ok val64=0'
}

@test "option HUGE_PAGES: 0 with a domain and mappings is EINVAL; with a domain alone fine" {
	run iofd mem,name=a,len=4K ioas_alloc test_mock_domain,id=1 \
		ioas_map,ioas_id=1,flags=7,iova=0x1000000,user_va=@a,length=0x1000 \
		option,option_id=1,op=0,object_id=1,val64=0 \
		ioas_unmap,ioas_id=1,iova=0,length=$MAX \
		option,option_id=1,op=0,object_id=1,val64=0 \
		ioas_iova_ranges,ioas_id=1,num_iovas=1
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nioas_map: ok iova=0x1000000\noption: EINVAL\nioas_unmap: ok length=0x1000\noption: ok val64=0\nioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1000 ranges=0x1000000-0x7fffffff'
}

@test "a domain attach with a misaligned or outside mapping is EADDRINUSE" {
	run iofd mem,name=a,len=4K ioas_alloc \
		ioas_map,ioas_id=1,flags=7,iova=0x1000400,length=0x800 \
		test_mock_domain,id=1 ioas_unmap,ioas_id=1,iova=0,length=$MAX \
		ioas_map,ioas_id=1,flags=7,iova=0x1000,length=0x1000 \
		test_mock_domain,id=1 ioas_unmap,ioas_id=1,iova=0,length=$MAX \
		ioas_map,ioas_id=1,flags=7,iova=0x1000800,user_va=@a+0x800,length=0x800 \
		test_mock_domain,id=1
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map: ok iova=0x1000400\ntest_mock_domain: EADDRINUSE\nioas_unmap: ok length=0x800\nioas_map: ok iova=0x1000\ntest_mock_domain: EADDRINUSE\nioas_unmap: ok length=0x1000\nioas_map: ok iova=0x1000800\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
}
