#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# IOMMU_HWPT_ALLOC (spec (c)3, fact sheet item 9) and HWPT_PAGING lifetimes.
# Every test starts with IOAS 1 and a mock device on it: stdev 2, idev 3,
# auto hwpt 4 ($PRE / $PRE_OUT).

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

PRE="ioas_alloc test_mock_domain,id=1"
PRE_OUT=$'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'

@test "HWPT_ALLOC on an IOAS returns a new HWPT_PAGING" {
	run iofd $PRE hwpt_alloc,dev_id=3,pt_id=1 hwpt_alloc,dev_id=3,pt_id=1
	expect_output "$PRE_OUT"$'\nhwpt_alloc: ok out_hwpt_id=5\nhwpt_alloc: ok out_hwpt_id=6'
}

@test "HWPT_ALLOC: __reserved is EOPNOTSUPP before any other check" {
	run iofd $PRE hwpt_alloc,dev_id=3,pt_id=1,__reserved=1 hwpt_alloc,dev_id=99,pt_id=99,data_len=4,__reserved=0x80000000
	expect_output "$PRE_OUT"$'\nhwpt_alloc: EOPNOTSUPP\nhwpt_alloc: EOPNOTSUPP'
}

@test "HWPT_ALLOC: __reserved2 is not checked, as upstream" {
	run iofd $PRE hwpt_alloc,dev_id=3,pt_id=1,__reserved2=1
	expect_output "$PRE_OUT"$'\nhwpt_alloc: ok out_hwpt_id=5'
}

@test "HWPT_ALLOC: data_len without data_type is EINVAL, before the device lookup" {
	run iofd $PRE hwpt_alloc,dev_id=3,pt_id=1,data_len=4 hwpt_alloc,dev_id=99,pt_id=99,data_len=4
	expect_output "$PRE_OUT"$'\nhwpt_alloc: EINVAL\nhwpt_alloc: EINVAL'
}

@test "HWPT_ALLOC: data_type without data_len is EINVAL, before the device lookup" {
	run iofd $PRE hwpt_alloc,dev_id=3,pt_id=1,data_type=2 hwpt_alloc,dev_id=99,pt_id=99,data_type=0xdead
	expect_output "$PRE_OUT"$'\nhwpt_alloc: EINVAL\nhwpt_alloc: EINVAL'
}

@test "HWPT_ALLOC: a dev_id that is not a device is ENOENT, before pt_id" {
	run iofd $PRE hwpt_alloc,dev_id=99,pt_id=99 hwpt_alloc,dev_id=1,pt_id=1 hwpt_alloc,dev_id=2,pt_id=1 hwpt_alloc,dev_id=4,pt_id=1 hwpt_alloc,dev_id=0,pt_id=1
	expect_output "$PRE_OUT"$'\nhwpt_alloc: ENOENT\nhwpt_alloc: ENOENT\nhwpt_alloc: ENOENT\nhwpt_alloc: ENOENT\nhwpt_alloc: ENOENT'
}

@test "HWPT_ALLOC: a missing pt_id is EINVAL, not ENOENT" {
	run iofd $PRE hwpt_alloc,dev_id=3,pt_id=99 hwpt_alloc,dev_id=3,pt_id=0
	expect_output "$PRE_OUT"$'\nhwpt_alloc: EINVAL\nhwpt_alloc: EINVAL'
}

@test "HWPT_ALLOC: a pt_id that is a device or stdev is EINVAL" {
	run iofd $PRE hwpt_alloc,dev_id=3,pt_id=2 hwpt_alloc,dev_id=3,pt_id=3
	expect_output "$PRE_OUT"$'\nhwpt_alloc: EINVAL\nhwpt_alloc: EINVAL'
}

@test "HWPT_ALLOC on a HWPT_PAGING (nested) is EOPNOTSUPP: no driver nests" {
	run iofd $PRE hwpt_alloc,dev_id=3,pt_id=1,flags=1 hwpt_alloc,dev_id=3,pt_id=5,data_type=0xdead,data_len=4 hwpt_alloc,dev_id=3,pt_id=4 hwpt_alloc,dev_id=3,pt_id=5,flags=2
	expect_output "$PRE_OUT"$'\nhwpt_alloc: ok out_hwpt_id=5\nhwpt_alloc: EOPNOTSUPP\nhwpt_alloc: EOPNOTSUPP\nhwpt_alloc: EOPNOTSUPP'
}

@test "HWPT_ALLOC: unknown flags are EOPNOTSUPP" {
	run iofd $PRE hwpt_alloc,dev_id=3,pt_id=1,flags=0x10 hwpt_alloc,dev_id=3,pt_id=1,flags=0x80000000 hwpt_alloc,dev_id=3,pt_id=1,flags=0x1f
	expect_output "$PRE_OUT"$'\nhwpt_alloc: EOPNOTSUPP\nhwpt_alloc: EOPNOTSUPP\nhwpt_alloc: EOPNOTSUPP'
}

@test "HWPT_ALLOC: NEST_PARENT, DIRTY_TRACKING and PASID work on a mock device, alone and together" {
	run iofd $PRE hwpt_alloc,dev_id=3,pt_id=1,flags=1 hwpt_alloc,dev_id=3,pt_id=1,flags=2 hwpt_alloc,dev_id=3,pt_id=1,flags=8 hwpt_alloc,dev_id=3,pt_id=1,flags=11
	expect_output "$PRE_OUT"$'\nhwpt_alloc: ok out_hwpt_id=5\nhwpt_alloc: ok out_hwpt_id=6\nhwpt_alloc: ok out_hwpt_id=7\nhwpt_alloc: ok out_hwpt_id=8'
}

@test "HWPT_ALLOC: DIRTY_TRACKING on a NO_DIRTY device is EOPNOTSUPP" {
	run iofd $PRE test_mock_domain_flags,id=1,dev_flags=1 hwpt_alloc,dev_id=6,pt_id=1,flags=2 hwpt_alloc,dev_id=6,pt_id=1,flags=1
	expect_output "$PRE_OUT"$'\ntest_mock_domain_flags: ok out_stdev_id=5 out_hwpt_id=4 out_idev_id=6\nhwpt_alloc: EOPNOTSUPP\nhwpt_alloc: ok out_hwpt_id=7'
}

@test "HWPT_ALLOC: driver data for a paging HWPT is EOPNOTSUPP" {
	run iofd $PRE hwpt_alloc,dev_id=3,pt_id=1,data_type=0xdead,data_len=4 hwpt_alloc,dev_id=3,pt_id=1,data_type=2,data_len=16 ioas_alloc
	expect_output "$PRE_OUT"$'\nhwpt_alloc: EOPNOTSUPP\nhwpt_alloc: EOPNOTSUPP\nioas_alloc: ok out_ioas_id=5'
}

@test "HWPT_ALLOC: FAULT_ID_VALID is ENOENT (no fault queue exists) and uses up no id" {
	run iofd $PRE hwpt_alloc,dev_id=3,pt_id=1,flags=4,fault_id=1 hwpt_alloc,dev_id=3,pt_id=1,flags=4,fault_id=99 hwpt_alloc,dev_id=3,pt_id=1,fault_id=99
	expect_output "$PRE_OUT"$'\nhwpt_alloc: ENOENT\nhwpt_alloc: ENOENT\nhwpt_alloc: ok out_hwpt_id=5'
}

@test "HWPT_ALLOC: the flag check comes before FAULT_ID_VALID's lookup" {
	run iofd $PRE hwpt_alloc,dev_id=3,pt_id=1,flags=0x14
	expect_output "$PRE_OUT"$'\nhwpt_alloc: EOPNOTSUPP'
}

@test "a HWPT_PAGING holds its IOAS until it is destroyed" {
	run iofd sim_device_alloc ioas_alloc hwpt_alloc,dev_id=2,pt_id=3 destroy,id=3 destroy,id=4 destroy,id=3
	expect_output $'sim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2\nioas_alloc: ok out_ioas_id=3\nhwpt_alloc: ok out_hwpt_id=4\ndestroy: EBUSY\ndestroy: ok\ndestroy: ok'
}

@test "a HWPT_PAGING with an attached device is EBUSY to DESTROY" {
	run iofd $PRE hwpt_alloc,dev_id=3,pt_id=1 test_mock_domain,id=5 destroy,id=5 destroy,id=6 destroy,id=5
	expect_output "$PRE_OUT"$'\nhwpt_alloc: ok out_hwpt_id=5\ntest_mock_domain: ok out_stdev_id=6 out_hwpt_id=5 out_idev_id=7\ndestroy: EBUSY\ndestroy: ok\ndestroy: ok'
}

@test "HWPT_ALLOC: size 23 is EINVAL, 24 (up to __reserved) works" {
	run iofd $PRE hwpt_alloc,dev_id=3,pt_id=1,size=23 hwpt_alloc,dev_id=3,pt_id=1,size=24 raw,cmd=0x3b89,size=56,u32@8=3,u32@12=1,u32@52=1
	expect_output "$PRE_OUT"$'\nhwpt_alloc: EINVAL\nhwpt_alloc: ok out_hwpt_id=5\nraw: E2BIG'
}

@test "HWPT_ALLOC for a Tegra241 device: NEST_PARENT and PASID work, DIRTY_TRACKING and data do not" {
	run iofd ioas_alloc sim_device_alloc,model=1,stream_id=1 hwpt_alloc,dev_id=3,pt_id=1 hwpt_alloc,dev_id=3,pt_id=1,flags=1 hwpt_alloc,dev_id=3,pt_id=1,flags=9 hwpt_alloc,dev_id=3,pt_id=1,flags=2 hwpt_alloc,dev_id=3,pt_id=1,flags=3 hwpt_alloc,dev_id=3,pt_id=1,data_type=2,data_len=16
	expect_output $'ioas_alloc: ok out_ioas_id=1\nsim_device_alloc: ok out_stdev_id=2 out_hwpt_id=0 out_idev_id=3\nhwpt_alloc: ok out_hwpt_id=4\nhwpt_alloc: ok out_hwpt_id=5\nhwpt_alloc: ok out_hwpt_id=6\nhwpt_alloc: EOPNOTSUPP\nhwpt_alloc: EOPNOTSUPP\nhwpt_alloc: EOPNOTSUPP'
}

@test "a HWPT of one IOMMU model cannot take a device of the other (EINVAL)" {
	run iofd $PRE sim_device_alloc,model=1,stream_id=1 hwpt_alloc,dev_id=6,pt_id=1 test_mock_domain,id=7 sim_device_alloc,model=1,stream_id=2,id=7
	expect_output "$PRE_OUT"$'\nsim_device_alloc: ok out_stdev_id=5 out_hwpt_id=0 out_idev_id=6\nhwpt_alloc: ok out_hwpt_id=7\ntest_mock_domain: EINVAL\nsim_device_alloc: ok out_stdev_id=8 out_hwpt_id=7 out_idev_id=9'
}

@test "dirty tracking ioctls are not implemented (ENOTTY)" {
	run iofd raw,cmd=0x3b8b,size=16 raw,cmd=0x3b8c,size=48
	expect_output $'raw: ENOTTY\nraw: ENOTTY'
}

@test "HWPT_ALLOC with no device attached narrows IOVA_RANGES and pins; DESTROY undoes both" {
	run iofd mem,name=a,len=0x2000 sim_device_alloc ioas_alloc ioas_map,ioas_id=3,flags=7,iova=0x1000000,user_va=@a,length=0x2000 hwpt_alloc,dev_id=2,pt_id=3 ioas_iova_ranges,ioas_id=3,num_iovas=4 test_md_check_refs,uptr=@a,length=0x2000,refs=1 destroy,id=4 ioas_iova_ranges,ioas_id=3,num_iovas=4 test_md_check_refs,uptr=@a,length=0x2000,refs=0
	expect_output $'sim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2\nioas_alloc: ok out_ioas_id=3\nioas_map: ok iova=0x1000000\nhwpt_alloc: ok out_hwpt_id=4\nioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x800 ranges=0x1000000-0x7fffffff\ntest_md_check_refs: ok\ndestroy: ok\nioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1 ranges=0x0-0xffffffffffffffff\ntest_md_check_refs: ok'
}

@test "HWPT_ALLOC over a mapping outside the aperture is EADDRINUSE and uses up no id" {
	run iofd mem,name=a,len=0x1000 sim_device_alloc ioas_alloc ioas_map,ioas_id=3,flags=7,iova=0x80000000,user_va=@a,length=0x1000 hwpt_alloc,dev_id=2,pt_id=3 ioas_alloc
	expect_output $'sim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2\nioas_alloc: ok out_ioas_id=3\nioas_map: ok iova=0x80000000\nhwpt_alloc: EADDRINUSE\nioas_alloc: ok out_ioas_id=4'
}
