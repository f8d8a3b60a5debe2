#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# IOMMU_HWPT_ALLOC (README.md, "Supported ioctls") and HWPT_PAGING lifetimes.
# Every test starts with IOAS 1 and a mock device on it: stdev 2, idev 3,
# auto hwpt 4 ($PRE / $PRE_OUT).

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

PRE="ioas_alloc test_mock_domain,id=1"
PRE_OUT=$'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'

@test "HWPT_ALLOC on an IOAS returns a new HWPT_PAGING" {
	steps
	step "$PRE" "$PRE_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=1" 'hwpt_alloc: ok out_hwpt_id=5'
	step "hwpt_alloc,dev_id=3,pt_id=1" 'hwpt_alloc: ok out_hwpt_id=6'
	run_steps
}

@test "HWPT_ALLOC: __reserved is EOPNOTSUPP before any other check" {
	steps
	step "$PRE" "$PRE_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=1,__reserved=1" 'hwpt_alloc: EOPNOTSUPP'
	step "hwpt_alloc,dev_id=99,pt_id=99,data_len=4,__reserved=0x80000000" \
		'hwpt_alloc: EOPNOTSUPP'
	run_steps
}

@test "HWPT_ALLOC: __reserved2 is not checked, as upstream" {
	steps
	step "$PRE" "$PRE_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=1,__reserved2=1" 'hwpt_alloc: ok out_hwpt_id=5'
	run_steps
}

@test "HWPT_ALLOC: data_len without data_type is EINVAL, before the device lookup" {
	steps
	step "$PRE" "$PRE_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=1,data_len=4" 'hwpt_alloc: EINVAL'
	step "hwpt_alloc,dev_id=99,pt_id=99,data_len=4" 'hwpt_alloc: EINVAL'
	run_steps
}

@test "HWPT_ALLOC: data_type without data_len is EINVAL, before the device lookup" {
	steps
	step "$PRE" "$PRE_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=1,data_type=arm_smmuv3" 'hwpt_alloc: EINVAL'
	step "hwpt_alloc,dev_id=99,pt_id=99,data_type=selftest" 'hwpt_alloc: EINVAL'
	run_steps
}

@test "HWPT_ALLOC: a dev_id that is not a device is ENOENT, before pt_id" {
	steps
	step "$PRE" "$PRE_OUT"
	step "hwpt_alloc,dev_id=99,pt_id=99" 'hwpt_alloc: ENOENT'
	step "hwpt_alloc,dev_id=1,pt_id=1" 'hwpt_alloc: ENOENT'
	step "hwpt_alloc,dev_id=2,pt_id=1" 'hwpt_alloc: ENOENT'
	step "hwpt_alloc,dev_id=4,pt_id=1" 'hwpt_alloc: ENOENT'
	step "hwpt_alloc,dev_id=0,pt_id=1" 'hwpt_alloc: ENOENT'
	run_steps
}

@test "HWPT_ALLOC: a missing pt_id is EINVAL, not ENOENT" {
	steps
	step "$PRE" "$PRE_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=99" 'hwpt_alloc: EINVAL'
	step "hwpt_alloc,dev_id=3,pt_id=0" 'hwpt_alloc: EINVAL'
	run_steps
}

@test "HWPT_ALLOC: a pt_id that is a device or stdev is EINVAL" {
	steps
	step "$PRE" "$PRE_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=2" 'hwpt_alloc: EINVAL'
	step "hwpt_alloc,dev_id=3,pt_id=3" 'hwpt_alloc: EINVAL'
	run_steps
}

# Nested HWPTs directly on a paging HWPT: 61-hwpt-nested-parent.bats
@test "HWPT_ALLOC on a HWPT_PAGING without driver data, or with a paging-only flag, is EOPNOTSUPP" {
	steps
	step "$PRE" "$PRE_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=nest_parent" 'hwpt_alloc: ok out_hwpt_id=5'
	step "hwpt_alloc,dev_id=3,pt_id=5" 'hwpt_alloc: EOPNOTSUPP'
	step "hwpt_alloc,dev_id=3,pt_id=4" 'hwpt_alloc: EOPNOTSUPP'
	step "hwpt_alloc,dev_id=3,pt_id=5,flags=dirty_tracking" 'hwpt_alloc: EOPNOTSUPP'
	run_steps
}

@test "HWPT_ALLOC: unknown flags are EOPNOTSUPP" {
	steps
	step "$PRE" "$PRE_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=0x10" 'hwpt_alloc: EOPNOTSUPP'
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=0x80000000" 'hwpt_alloc: EOPNOTSUPP'
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=0x1f" 'hwpt_alloc: EOPNOTSUPP'
	run_steps
}

@test "HWPT_ALLOC: NEST_PARENT, DIRTY_TRACKING and PASID work on a mock device, alone and together" {
	steps
	step "$PRE" "$PRE_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=nest_parent" 'hwpt_alloc: ok out_hwpt_id=5'
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=dirty_tracking" 'hwpt_alloc: ok out_hwpt_id=6'
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=pasid" 'hwpt_alloc: ok out_hwpt_id=7'
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=nest_parent:dirty_tracking:pasid" \
		'hwpt_alloc: ok out_hwpt_id=8'
	run_steps
}

@test "HWPT_ALLOC: DIRTY_TRACKING on a NO_DIRTY device is EOPNOTSUPP" {
	steps
	step "$PRE" "$PRE_OUT"
	step "test_mock_domain_flags,id=1,dev_flags=1" \
		'test_mock_domain_flags: ok out_stdev_id=5 out_hwpt_id=4 out_idev_id=6'
	step "hwpt_alloc,dev_id=6,pt_id=1,flags=dirty_tracking" 'hwpt_alloc: EOPNOTSUPP'
	step "hwpt_alloc,dev_id=6,pt_id=1,flags=nest_parent" 'hwpt_alloc: ok out_hwpt_id=7'
	run_steps
}

# The mock's own iommu_hwpt_selftest data: 64-dirty-tracking.bats
@test "HWPT_ALLOC: driver data of another type for a mock paging HWPT is EOPNOTSUPP" {
	steps
	step "$PRE" "$PRE_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=1,data_type=arm_smmuv3,data_len=16" 'hwpt_alloc: EOPNOTSUPP'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=5'
	run_steps
}

@test "HWPT_ALLOC: FAULT_ID_VALID is ENOENT (no fault queue exists) and uses up no id" {
	steps
	step "$PRE" "$PRE_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=4,fault_id=1" 'hwpt_alloc: ENOENT'
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=4,fault_id=99" 'hwpt_alloc: ENOENT'
	step "hwpt_alloc,dev_id=3,pt_id=1,fault_id=99" 'hwpt_alloc: ok out_hwpt_id=5'
	run_steps
}

@test "HWPT_ALLOC: the flag check comes before FAULT_ID_VALID's lookup" {
	steps
	step "$PRE" "$PRE_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=0x14" 'hwpt_alloc: EOPNOTSUPP'
	run_steps
}

@test "HWPT_ALLOC: FAULT_ID_VALID with NEST_PARENT is EOPNOTSUPP, before the fault_id lookup" {
	steps
	step "$PRE" "$PRE_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=0x5,fault_id=99" 'hwpt_alloc: EOPNOTSUPP'
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=nest_parent,fault_id=99" 'hwpt_alloc: ok out_hwpt_id=5'
	run_steps
}

@test "a HWPT_PAGING holds its IOAS until it is destroyed" {
	steps
	step "sim_device_alloc" 'sim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=3'
	step "hwpt_alloc,dev_id=2,pt_id=3" 'hwpt_alloc: ok out_hwpt_id=4'
	step "destroy,id=3" 'destroy: EBUSY'
	step "destroy,id=4" 'destroy: ok'
	step "destroy,id=3" 'destroy: ok'
	run_steps
}

@test "a HWPT_PAGING with an attached device is EBUSY to DESTROY" {
	steps
	step "$PRE" "$PRE_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=1" 'hwpt_alloc: ok out_hwpt_id=5'
	step "test_mock_domain,id=5" \
		'test_mock_domain: ok out_stdev_id=6 out_hwpt_id=5 out_idev_id=7'
	step "destroy,id=5" 'destroy: EBUSY'
	step "destroy,id=6" 'destroy: ok'
	step "destroy,id=5" 'destroy: ok'
	run_steps
}

@test "HWPT_ALLOC: size 23 is EINVAL, 24 (up to __reserved) works" {
	steps
	step "$PRE" "$PRE_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=1,size=23" 'hwpt_alloc: EINVAL'
	step "hwpt_alloc,dev_id=3,pt_id=1,size=24" 'hwpt_alloc: ok out_hwpt_id=5'
	step "raw,cmd=0x3b89,size=56,u32@8=3,u32@12=1,u32@52=1" 'raw: E2BIG'
	run_steps
}

@test "HWPT_ALLOC for a Tegra241 device: NEST_PARENT and PASID work, DIRTY_TRACKING and data do not" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "sim_device_alloc,model=tegra241,stream_id=1" \
		'sim_device_alloc: ok out_stdev_id=2 out_hwpt_id=0 out_idev_id=3'
	step "hwpt_alloc,dev_id=3,pt_id=1" 'hwpt_alloc: ok out_hwpt_id=4'
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=nest_parent" 'hwpt_alloc: ok out_hwpt_id=5'
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=nest_parent:pasid" 'hwpt_alloc: ok out_hwpt_id=6'
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=dirty_tracking" 'hwpt_alloc: EOPNOTSUPP'
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=nest_parent:dirty_tracking" 'hwpt_alloc: EOPNOTSUPP'
	step "hwpt_alloc,dev_id=3,pt_id=1,data_type=arm_smmuv3,data_len=16" 'hwpt_alloc: EOPNOTSUPP'
	run_steps
}

@test "a HWPT of one IOMMU model cannot take a device of the other (EINVAL)" {
	steps
	step "$PRE" "$PRE_OUT"
	step "sim_device_alloc,model=tegra241,stream_id=1" \
		'sim_device_alloc: ok out_stdev_id=5 out_hwpt_id=0 out_idev_id=6'
	step "hwpt_alloc,dev_id=6,pt_id=1" 'hwpt_alloc: ok out_hwpt_id=7'
	step "test_mock_domain,id=7" 'test_mock_domain: EINVAL'
	step "sim_device_alloc,model=tegra241,stream_id=2,id=7" \
		'sim_device_alloc: ok out_stdev_id=8 out_hwpt_id=7 out_idev_id=9'
	run_steps
}

@test "HWPT_ALLOC with no device attached narrows IOVA_RANGES and pins; DESTROY undoes both" {
	steps
	step "mem,name=a,len=0x2000"
	step "sim_device_alloc" 'sim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=3'
	step "ioas_map,ioas_id=3,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@a,length=0x2000" \
		'ioas_map: ok iova=0x1000000'
	step "hwpt_alloc,dev_id=2,pt_id=3" 'hwpt_alloc: ok out_hwpt_id=4'
	step "ioas_iova_ranges,ioas_id=3,num_iovas=4" \
		'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x800 ranges=0x1000000-0x7fffffff'
	step "test_md_check_refs,uptr=@a,length=0x2000,refs=1" 'test_md_check_refs: ok'
	step "destroy,id=4" 'destroy: ok'
	step "ioas_iova_ranges,ioas_id=3,num_iovas=4" \
		'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1 ranges=0x0-0xffffffffffffffff'
	step "test_md_check_refs,uptr=@a,length=0x2000,refs=0" 'test_md_check_refs: ok'
	run_steps
}

@test "HWPT_ALLOC over a mapping outside the aperture is EADDRINUSE and uses up no id" {
	steps
	step "mem,name=a,len=0x1000"
	step "sim_device_alloc" 'sim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=3'
	step "ioas_map,ioas_id=3,flags=fixed_iova:writeable:readable,iova=0x80000000,user_va=@a,length=0x1000" \
		'ioas_map: ok iova=0x80000000'
	step "hwpt_alloc,dev_id=2,pt_id=3" 'hwpt_alloc: EADDRINUSE'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=4'
	run_steps
}
