#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Nested HWPTs directly on a nesting parent HWPT_PAGING, without a vIOMMU
# (README.md, "Supported ioctls", IOMMU_HWPT_ALLOC): the selftest mock's
# domain_alloc_nested, its IOTLB and invalidation, attach, and what the
# parent may no longer do.  The upstream test is
# iommufd_ioas.*.alloc_hwpt_nested (88-upstream-kselftest.bats).

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

# ioas 1, stdev 2, idev 3, auto hwpt 4, nest parent 5, plain paging HWPT 6
P="ioas_alloc test_mock_domain,id=1 hwpt_alloc,dev_id=3,pt_id=1,flags=nest_parent hwpt_alloc,dev_id=3,pt_id=1"
P_OUT=$(lines 'ioas_alloc: ok out_ioas_id=1' \
	'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3' \
	'hwpt_alloc: ok out_hwpt_id=5' 'hwpt_alloc: ok out_hwpt_id=6')
# a selftest nested HWPT on parent 5 (IOTLB value 0xbadbeef)
N="hwpt_alloc,dev_id=3,pt_id=5,data_type=selftest,data=0xbadbeef"
n_out() { echo "hwpt_alloc: ok out_hwpt_id=$1 data=0xbadbeef"; }
# invalidation entries {flags, iotlb_id} of nested HWPT 7
NI="hwpt_invalidate,hwpt_id=7,data_type=selftest,entry_len=8"
CI="test_md_check_iotlb,id=7"

@test "HWPT_ALLOC on a nesting parent: a nested HWPT whose four IOTLB entries hold the given value" {
	steps
	step "$P" "$P_OUT"
	step "$N" "$(n_out 7)"
	step "$CI,iotlb_id=0,iotlb=0xbadbeef" 'test_md_check_iotlb: ok'
	step "$CI,iotlb_id=3,iotlb=0xbadbeef" 'test_md_check_iotlb: ok'
	step "$CI,iotlb_id=2,iotlb=0" 'test_md_check_iotlb: EINVAL'
	step "$CI,iotlb_id=4,iotlb=0xbadbeef" 'test_md_check_iotlb: EINVAL'
	run_steps
}

@test "HWPT_ALLOC on a HWPT_PAGING allocated without NEST_PARENT, or on an auto domain, is EINVAL" {
	steps
	step "$P" "$P_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=6,data_type=selftest,data=1" 'hwpt_alloc: EINVAL'
	step "hwpt_alloc,dev_id=3,pt_id=4,data_type=selftest,data=1" 'hwpt_alloc: EINVAL'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=7'
	run_steps
}

@test "HWPT_ALLOC on a nesting parent checks flags and data before the parent, as upstream" {
	steps
	step "$P" "$P_OUT"
	# NEST_PARENT or DIRTY_TRACKING on a nested HWPT: EOPNOTSUPP, even on a bad parent
	step "$N,flags=nest_parent" 'hwpt_alloc: EOPNOTSUPP'
	step "hwpt_alloc,dev_id=3,pt_id=6,data_type=selftest,data=1,flags=dirty_tracking" 'hwpt_alloc: EOPNOTSUPP'
	# no data at all: EOPNOTSUPP (data_type NONE with a length is EINVAL earlier)
	step "hwpt_alloc,dev_id=3,pt_id=5" 'hwpt_alloc: EOPNOTSUPP'
	step "hwpt_alloc,dev_id=3,pt_id=5,data_type=none,data_len=4,data=1" 'hwpt_alloc: EINVAL'
	# the model's checks: another data type, a short or unreadable struct
	step "hwpt_alloc,dev_id=3,pt_id=5,data_type=arm_smmuv3,data=1" 'hwpt_alloc: EOPNOTSUPP'
	step "$N,data_len=3" 'hwpt_alloc: EINVAL'
	step "hwpt_alloc,dev_id=3,pt_id=5,data_type=selftest,data_len=4,data_uptr=0" 'hwpt_alloc: EFAULT'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=7'
	run_steps
}

@test "a nested HWPT on a nesting parent is invalidated entry by entry, stopping at the first bad one" {
	steps
	step "$P" "$P_OUT"
	step "$N" "$(n_out 7)"
	# entry 0 done, entry 1 has unknown flags
	step "$NI,entry_num=2,data=0:0:0xffffffff:1" 'hwpt_invalidate: EOPNOTSUPP entry_num=1'
	step "$CI,iotlb_id=0,iotlb=0" 'test_md_check_iotlb: ok'
	step "$CI,iotlb_id=1,iotlb=0xbadbeef" 'test_md_check_iotlb: ok'
	step "$NI,entry_num=1,data=0:4" 'hwpt_invalidate: EINVAL entry_num=0'
	step "$NI,entry_num=1,data=1:0" 'hwpt_invalidate: ok entry_num=1 data=0x1:0x0'
	step "$CI,iotlb_id=3,iotlb=0" 'test_md_check_iotlb: ok'
	# the parent itself takes no invalidation
	step "hwpt_invalidate,hwpt_id=5,data_type=selftest,entry_len=8,entry_num=1,data=1:0" 'hwpt_invalidate: EINVAL entry_num=0'
	run_steps
}

@test "a nested HWPT on a nesting parent holds it (DESTROY EBUSY) and takes devices, which hold it in turn" {
	steps
	step "$P" "$P_OUT"
	step "$N" "$(n_out 7)"
	step "$N" "$(n_out 8)"
	step "destroy,id=5" 'destroy: EBUSY'
	# the device moves onto 7 (auto hwpt 4 dies), then to 8
	step "test_mock_domain_replace,id=2,pt_id=7" 'test_mock_domain_replace: ok pt_id=7'
	step "destroy,id=7" 'destroy: EBUSY'
	step "test_mock_domain_replace,id=2,pt_id=8" 'test_mock_domain_replace: ok pt_id=8'
	step "destroy,id=7" 'destroy: ok'
	step "test_mock_domain_replace,id=2,pt_id=5" 'test_mock_domain_replace: ok pt_id=5'
	step "destroy,id=8" 'destroy: ok'
	# back on the IOAS through a new auto domain, which takes the lowest free id
	step "test_mock_domain_replace,id=2,pt_id=1" 'test_mock_domain_replace: ok pt_id=4'
	step "destroy,id=5" 'destroy: ok'
	run_steps
	expect_nothing_left
}

@test "nesting directly on a parent of another IOMMU is EINVAL; an IOMMU without the op (Grace) is EOPNOTSUPP first" {
	steps
	step "$P" "$P_OUT"
	step "sim_device_alloc,model=tegra241,stream_id=0x101" 'sim_device_alloc: ok out_stdev_id=7 out_hwpt_id=0 out_idev_id=8'
	step "hwpt_alloc,dev_id=8,pt_id=1,flags=nest_parent" 'hwpt_alloc: ok out_hwpt_id=9'
	# the mock's device on the Grace parent
	step "hwpt_alloc,dev_id=3,pt_id=9,data_type=selftest,data=1" 'hwpt_alloc: EINVAL'
	# the Grace device, on either parent: the SMMUv3 nests only on a vIOMMU
	step "hwpt_alloc,dev_id=8,pt_id=9,data_type=arm_smmuv3,data=0:0:0:0" 'hwpt_alloc: EOPNOTSUPP'
	step "hwpt_alloc,dev_id=8,pt_id=5,data_type=arm_smmuv3,data=0:0:0:0" 'hwpt_alloc: EOPNOTSUPP'
	run_steps
}
