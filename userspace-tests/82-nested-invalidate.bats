#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Nested HWPTs on a vIOMMU (README.md, "Supported ioctls"; the mock's
# alloc_domain_nested), IOMMU_HWPT_INVALIDATE on a vIOMMU (the
# mock's per-device caches) and on a nested HWPT (the mock's IOTLB), and
# the selftest op MD_CHECK_IOTLB.

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

# upstream's vIOMMU fixture (helpers.bash): ..., vIOMMU 6, nested HWPT 7
F=$NESTED_FIXTURE
F_OUT=$NESTED_FIXTURE_OUT
# nested HWPT allocation on the vIOMMU, without data
N="hwpt_alloc,dev_id=3,pt_id=6"
# vDEVICE 8 of idev 3, virt_id 0x99
VD="vdevice_alloc,viommu_id=6,dev_id=3,virt_id=0x99"
VD_OUT="vdevice_alloc: ok out_vdevice_id=8"
# vIOMMU invalidation: entries {flags, vdev_id, cache_id}
VI="hwpt_invalidate,hwpt_id=6,data_type=selftest,entry_len=12"
# nested HWPT invalidation: entries {flags, iotlb_id}
NI="hwpt_invalidate,hwpt_id=7,data_type=selftest,entry_len=8"
CC="test_dev_check_cache,id=3"
CI="test_md_check_iotlb,id=7"
DEF=0xbaddad

@test "HWPT_ALLOC on a vIOMMU: a nested HWPT whose four IOTLB entries hold the given value" {
	steps
	step "$F" "$F_OUT"
	step "$CI,iotlb_id=0,iotlb=0xbadbeef" 'test_md_check_iotlb: ok'
	step "$CI,iotlb_id=3,iotlb=0xbadbeef" 'test_md_check_iotlb: ok'
	step "$CI,iotlb_id=1,iotlb=0" 'test_md_check_iotlb: EINVAL'
	run_steps
}

@test "HWPT_ALLOC on a vIOMMU: a device of another IOMMU instance is EINVAL, before the flags" {
	steps
	step "$F" "$F_OUT"
	step "sim_device_alloc,model=tegra241,stream_id=1" \
		'sim_device_alloc: ok out_stdev_id=8 out_hwpt_id=0 out_idev_id=9'
	step "hwpt_alloc,dev_id=9,pt_id=6,data_type=selftest,data=1" 'hwpt_alloc: EINVAL'
	step "hwpt_alloc,dev_id=9,pt_id=6,flags=nest_parent,data_type=selftest,data=1" \
		'hwpt_alloc: EINVAL'
	run_steps
}

@test "HWPT_ALLOC on a vIOMMU: flags other than FAULT_ID_VALID and PASID are EOPNOTSUPP" {
	steps
	step "$F" "$F_OUT"
	step "$N,flags=1,data_type=0xdead,data=1" 'hwpt_alloc: EOPNOTSUPP'
	step "$N,flags=2,data_type=0xdead,data=1" 'hwpt_alloc: EOPNOTSUPP'
	step "$N,flags=0x80000004,data_type=0xdead,data=1" 'hwpt_alloc: EOPNOTSUPP'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=8'
	run_steps
}

@test "HWPT_ALLOC on a vIOMMU: PASID is accepted" {
	steps
	step "$F" "$F_OUT"
	step "$N,flags=8,data_type=0xdead,data=5" 'hwpt_alloc: ok out_hwpt_id=8 data=0x5'
	step "test_md_check_iotlb,id=8,iotlb_id=2,iotlb=5" 'test_md_check_iotlb: ok'
	run_steps
}

@test "HWPT_ALLOC on a vIOMMU: FAULT_ID_VALID is ENOENT (no fault queues) and uses up no id" {
	steps
	step "$F" "$F_OUT"
	step "$N,flags=4,fault_id=0xffffffff,data_type=0xdead,data=1" 'hwpt_alloc: ENOENT'
	step "$N,flags=4,fault_id=1,data_type=0xdead,data=1" 'hwpt_alloc: ENOENT'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=8'
	run_steps
}

@test "HWPT_ALLOC on a vIOMMU: no driver data is EOPNOTSUPP" {
	steps
	step "$F" "$F_OUT"
	step "$N" 'hwpt_alloc: EOPNOTSUPP'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=8'
	run_steps
}

@test "HWPT_ALLOC on a vIOMMU: a data type other than IOMMU_HWPT_DATA_SELFTEST is EOPNOTSUPP" {
	steps
	step "$F" "$F_OUT"
	step "$N,data_type=2,data=0:0:0:0" 'hwpt_alloc: EOPNOTSUPP'
	step "$N,data_type=1,data=0:0:0:0:0:0" 'hwpt_alloc: EOPNOTSUPP'
	step "$N,data_type=0xdeae,data=1" 'hwpt_alloc: EOPNOTSUPP'
	run_steps
}

@test "HWPT_ALLOC on a vIOMMU: selftest data shorter than iotlb or longer than the kernel's struct is EINVAL (7.x)" {
	steps
	step "$F" "$F_OUT"
	step "$N,data_type=0xdead,data=1,data_len=3" 'hwpt_alloc: EINVAL'
	step "$N,data_type=0xdead,data=1:0:0" 'hwpt_alloc: EINVAL'
	step "$N,data_type=0xdead,data=1:1:1" 'hwpt_alloc: EINVAL'
	# 6.17's 4 bytes and 7.x's 8 (pagetable_type ignored on a nested HWPT)
	step "$N,data_type=0xdead,data=1" 'hwpt_alloc: ok out_hwpt_id=8 data=0x1'
	step "$N,data_type=0xdead,data=1:1" 'hwpt_alloc: ok out_hwpt_id=9 data=0x1:0x1'
	run_steps
}

@test "HWPT_ALLOC on a vIOMMU: unreadable data is EFAULT" {
	steps
	step "$F" "$F_OUT"
	step "$N,data_type=0xdead,data_uptr=8,data_len=4" 'hwpt_alloc: EFAULT'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=8'
	run_steps
}

@test "a nested HWPT holds its vIOMMU" {
	steps
	step "$F" "$F_OUT"
	step "destroy,id=6" 'destroy: EBUSY'
	step "destroy,id=7" 'destroy: ok'
	step "destroy,id=6" 'destroy: ok'
	step "destroy,id=5" 'destroy: ok'
	run_steps
}

@test "a nested HWPT is no pt_id for HWPT_ALLOC, and a vIOMMU none for MOCK_DOMAIN (EINVAL)" {
	steps
	step "$F" "$F_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=7,data_type=selftest,data=1" 'hwpt_alloc: EINVAL'
	step "test_mock_domain,id=6" 'test_mock_domain: EINVAL'
	run_steps
}

@test "HWPT_INVALIDATE: __reserved is EOPNOTSUPP before the lookup, entry_num written back as 0" {
	steps
	step "$F" "$F_OUT"
	step "$VI,entry_num=0,__reserved=1" 'hwpt_invalidate: EOPNOTSUPP entry_num=0'
	step "hwpt_invalidate,hwpt_id=99,entry_num=3,__reserved=1" \
		'hwpt_invalidate: EOPNOTSUPP entry_num=0'
	run_steps
}

@test "HWPT_INVALIDATE: entries without data_uptr or entry_len are EINVAL before the lookup" {
	steps
	step "$F" "$F_OUT"
	step "$VI,entry_num=1" 'hwpt_invalidate: EINVAL entry_num=0'
	step "hwpt_invalidate,hwpt_id=6,data=0:0x99:0,entry_num=1" \
		'hwpt_invalidate: EINVAL entry_num=0'
	step "hwpt_invalidate,hwpt_id=99,entry_num=1" 'hwpt_invalidate: EINVAL entry_num=0'
	run_steps
}

@test "HWPT_INVALIDATE: entries longer than a page or more than 1 << 19 of them are EINVAL before the lookup" {
	steps
	step "$F" "$F_OUT"
	step "hwpt_invalidate,hwpt_id=7,data_type=selftest,entry_len=4097,entry_num=1,data=0:0" \
		'hwpt_invalidate: EINVAL entry_num=0'
	step "hwpt_invalidate,hwpt_id=7,data_type=selftest,entry_len=8,entry_num=524289,data=0:0" \
		'hwpt_invalidate: EINVAL entry_num=0'
	step "hwpt_invalidate,hwpt_id=99,data_type=selftest,entry_len=4097,entry_num=1,data=0:0" \
		'hwpt_invalidate: EINVAL entry_num=0'
	run_steps
}

@test "HWPT_INVALIDATE: a missing id is ENOENT, an IOAS, HWPT_PAGING or device EINVAL" {
	steps
	step "$F" "$F_OUT"
	step "hwpt_invalidate,hwpt_id=99" 'hwpt_invalidate: ENOENT entry_num=0'
	step "hwpt_invalidate,hwpt_id=0" 'hwpt_invalidate: ENOENT entry_num=0'
	step "hwpt_invalidate,hwpt_id=1" 'hwpt_invalidate: EINVAL entry_num=0'
	step "hwpt_invalidate,hwpt_id=5" 'hwpt_invalidate: EINVAL entry_num=0'
	step "hwpt_invalidate,hwpt_id=4" 'hwpt_invalidate: EINVAL entry_num=0'
	step "hwpt_invalidate,hwpt_id=3" 'hwpt_invalidate: EINVAL entry_num=0'
	run_steps
}

@test "HWPT_INVALIDATE: size 31 is EINVAL and a non-zero tail E2BIG, neither writing entry_num back" {
	steps
	step "$F" "$F_OUT"
	step "$VI,entry_num=5,size=31" 'hwpt_invalidate: EINVAL entry_num=5'
	step "raw,cmd=0x3b8d,size=40,u32@4=6,u32@16=0xdeadbeef,u32@36=1,dump" \
		'raw: E2BIG out=28000000060000000000000000000000efbeadde0000000000000000000000000000000001000000'
	step "$VI,entry_num=0,size=40" 'hwpt_invalidate: ok entry_num=0'
	run_steps
}

@test "HWPT_INVALIDATE: an empty array probes the data type" {
	steps
	step "$F" "$F_OUT"
	step "$VI,entry_num=0" 'hwpt_invalidate: ok entry_num=0'
	step "$NI,entry_num=0" 'hwpt_invalidate: ok entry_num=0'
	step "hwpt_invalidate,hwpt_id=6,data_type=0xdadbeef" 'hwpt_invalidate: EINVAL entry_num=0'
	step "hwpt_invalidate,hwpt_id=7,data_type=0xdadbeef" 'hwpt_invalidate: EINVAL entry_num=0'
	run_steps
}

@test "vIOMMU invalidation clears the named cache entry of the vDEVICE's device" {
	steps
	step "$F" "$F_OUT"
	step "$VD" "$VD_OUT"
	step "$VI,entry_num=1,data=0:0x99:2" 'hwpt_invalidate: ok entry_num=1 data=0x0:0x99:0x2'
	step "$CC,cache_id=2,cache=0" 'test_dev_check_cache: ok'
	step "$CC,cache_id=0,cache=$DEF" 'test_dev_check_cache: ok'
	step "$CC,cache_id=1,cache=$DEF" 'test_dev_check_cache: ok'
	step "$CC,cache_id=3,cache=$DEF" 'test_dev_check_cache: ok'
	run_steps
}

@test "vIOMMU invalidation reaches only the device its virt_id names" {
	steps
	step "$F" "$F_OUT"
	step "$VD" "$VD_OUT"
	step "test_mock_domain,id=1" \
		'test_mock_domain: ok out_stdev_id=9 out_hwpt_id=4 out_idev_id=10'
	step "vdevice_alloc,viommu_id=6,dev_id=10,virt_id=0x77" \
		'vdevice_alloc: ok out_vdevice_id=11'
	step "$VI,entry_num=1,data=1:0x77:0" 'hwpt_invalidate: ok entry_num=1 data=0x1:0x77:0x0'
	step "test_dev_check_cache,id=10,cache_id=3,cache=0" 'test_dev_check_cache: ok'
	step "$CC,cache_id=3,cache=$DEF" 'test_dev_check_cache: ok'
	run_steps
}

@test "vIOMMU invalidation: FLAG_ALL clears all four entries, but cache_id must still be valid" {
	steps
	step "$F" "$F_OUT"
	step "$VD" "$VD_OUT"
	step "$VI,entry_num=1,data=1:0x99:4" 'hwpt_invalidate: EINVAL entry_num=0'
	step "$CC,cache_id=0,cache=$DEF" 'test_dev_check_cache: ok'
	step "$VI,entry_num=1,data=1:0x99:3" 'hwpt_invalidate: ok entry_num=1 data=0x1:0x99:0x3'
	step "$CC,cache_id=0,cache=0" 'test_dev_check_cache: ok'
	step "$CC,cache_id=1,cache=0" 'test_dev_check_cache: ok'
	step "$CC,cache_id=2,cache=0" 'test_dev_check_cache: ok'
	step "$CC,cache_id=3,cache=0" 'test_dev_check_cache: ok'
	run_steps
}

@test "vIOMMU invalidation: unknown flags are EOPNOTSUPP, checked before cache_id and vdev_id" {
	steps
	step "$F" "$F_OUT"
	step "$VD" "$VD_OUT"
	step "$VI,entry_num=1,data=2:0x99:0" 'hwpt_invalidate: EOPNOTSUPP entry_num=0'
	step "$VI,entry_num=1,data=0xffffffff:0x5:9" 'hwpt_invalidate: EOPNOTSUPP entry_num=0'
	step "$CC,cache_id=0,cache=$DEF" 'test_dev_check_cache: ok'
	run_steps
}

@test "vIOMMU invalidation: cache_id past 3 is EINVAL, checked before vdev_id" {
	steps
	step "$F" "$F_OUT"
	step "$VD" "$VD_OUT"
	step "$VI,entry_num=1,data=0:0x99:4" 'hwpt_invalidate: EINVAL entry_num=0'
	step "$VI,entry_num=1,data=0:0x5:4" 'hwpt_invalidate: EINVAL entry_num=0'
	run_steps
}

@test "vIOMMU invalidation: a virt_id without a vDEVICE in this vIOMMU is EINVAL" {
	steps
	step "$F" "$F_OUT"
	step "$VD" "$VD_OUT"
	step "viommu_alloc,dev_id=3,hwpt_id=5,type=selftest" 'viommu_alloc: ok out_viommu_id=9'
	step "$VI,entry_num=1,data=0:0x9:0" 'hwpt_invalidate: EINVAL entry_num=0'
	step "hwpt_invalidate,hwpt_id=9,data_type=selftest,entry_len=12,entry_num=1,data=0:0x99:0" \
		'hwpt_invalidate: EINVAL entry_num=0'
	step "destroy,id=8" 'destroy: ok'
	step "$VI,entry_num=1,data=0:0x99:0" 'hwpt_invalidate: EINVAL entry_num=0'
	run_steps
}

@test "vIOMMU invalidation stops at the first bad entry and reports the entries done" {
	steps
	step "$F" "$F_OUT"
	step "$VD" "$VD_OUT"
	step "$VI,entry_num=2,data=0:0x99:0:0xffffffff:0x99:1" \
		'hwpt_invalidate: EOPNOTSUPP entry_num=1'
	step "$CC,cache_id=0,cache=0" 'test_dev_check_cache: ok'
	step "$CC,cache_id=1,cache=$DEF" 'test_dev_check_cache: ok'
	step "$VI,entry_num=3,data=0:0x99:1:0:0x99:4:0:0x99:2" 'hwpt_invalidate: EINVAL entry_num=1'
	step "$CC,cache_id=1,cache=0" 'test_dev_check_cache: ok'
	step "$CC,cache_id=2,cache=$DEF" 'test_dev_check_cache: ok'
	run_steps
}

@test "vIOMMU invalidation: another data type with entries is EINVAL and clears nothing" {
	steps
	step "$F" "$F_OUT"
	step "$VD" "$VD_OUT"
	step "hwpt_invalidate,hwpt_id=6,data_type=0xdadbeef,entry_len=12,entry_num=1,data=0:0x99:0" \
		'hwpt_invalidate: EINVAL entry_num=0'
	step "$CC,cache_id=0,cache=$DEF" 'test_dev_check_cache: ok'
	run_steps
}

@test "vIOMMU invalidation: longer entries need a zero tail; the whole array is read before any entry runs" {
	steps
	step "$F" "$F_OUT"
	step "$VD" "$VD_OUT"
	step "$VI,entry_len=16,entry_num=2,data=0:0x99:0:0:0:0x99:1:1" \
		'hwpt_invalidate: E2BIG entry_num=0'
	step "$CC,cache_id=0,cache=$DEF" 'test_dev_check_cache: ok'
	step "$VI,entry_len=16,entry_num=2,data=0:0x99:0:0:0:0x99:1:0" \
		'hwpt_invalidate: ok entry_num=2 data=0x0:0x99:0x0:0x0:0x0:0x99:0x1:0x0'
	step "$CC,cache_id=0,cache=0" 'test_dev_check_cache: ok'
	step "$CC,cache_id=1,cache=0" 'test_dev_check_cache: ok'
	run_steps
}

@test "vIOMMU invalidation: shorter entries are zero-extended (entry_len 8 means cache_id 0)" {
	steps
	step "$F" "$F_OUT"
	step "$VD" "$VD_OUT"
	step "$VI,entry_len=8,entry_num=2,data=0:0x99:0:0x99" \
		'hwpt_invalidate: ok entry_num=2 data=0x0:0x99:0x0:0x99'
	step "$CC,cache_id=0,cache=0" 'test_dev_check_cache: ok'
	step "$CC,cache_id=1,cache=$DEF" 'test_dev_check_cache: ok'
	step "$VI,entry_len=1,entry_num=1,data=0" 'hwpt_invalidate: EINVAL entry_num=0'
	run_steps
}

@test "vIOMMU invalidation: an unreadable array is EFAULT, a huge entry_num EINVAL (7.x's cap)" {
	steps
	step "$F" "$F_OUT"
	step "$VD" "$VD_OUT"
	step "$VI,entry_num=1,data_uptr=8" 'hwpt_invalidate: EFAULT entry_num=0'
	step "$VI,entry_num=0xffffffff,data_uptr=8" 'hwpt_invalidate: EINVAL entry_num=0'
	run_steps
}

@test "nested invalidation clears the named IOTLB entry" {
	steps
	step "$F" "$F_OUT"
	step "$NI,entry_num=1,data=0:1" 'hwpt_invalidate: ok entry_num=1 data=0x0:0x1'
	step "$CI,iotlb_id=1,iotlb=0" 'test_md_check_iotlb: ok'
	step "$CI,iotlb_id=0,iotlb=0xbadbeef" 'test_md_check_iotlb: ok'
	step "$CI,iotlb_id=2,iotlb=0xbadbeef" 'test_md_check_iotlb: ok'
	run_steps
}

@test "nested invalidation: FLAG_ALL clears every entry, but iotlb_id must still be valid" {
	steps
	step "$F" "$F_OUT"
	step "$NI,entry_num=1,data=1:4" 'hwpt_invalidate: EINVAL entry_num=0'
	step "$CI,iotlb_id=0,iotlb=0xbadbeef" 'test_md_check_iotlb: ok'
	step "$NI,entry_num=1,data=1:3" 'hwpt_invalidate: ok entry_num=1 data=0x1:0x3'
	step "$CI,iotlb_id=0,iotlb=0" 'test_md_check_iotlb: ok'
	step "$CI,iotlb_id=3,iotlb=0" 'test_md_check_iotlb: ok'
	run_steps
}

@test "nested invalidation: unknown flags are EOPNOTSUPP, iotlb_id past 3 EINVAL" {
	steps
	step "$F" "$F_OUT"
	step "$NI,entry_num=1,data=2:0" 'hwpt_invalidate: EOPNOTSUPP entry_num=0'
	step "$NI,entry_num=1,data=0xffffffff:9" 'hwpt_invalidate: EOPNOTSUPP entry_num=0'
	step "$NI,entry_num=1,data=0:4" 'hwpt_invalidate: EINVAL entry_num=0'
	run_steps
}

@test "nested invalidation stops at the first bad entry and reports the entries done" {
	steps
	step "$F" "$F_OUT"
	step "$NI,entry_num=3,data=0:0:0:4:0:1" 'hwpt_invalidate: EINVAL entry_num=1'
	step "$CI,iotlb_id=0,iotlb=0" 'test_md_check_iotlb: ok'
	step "$CI,iotlb_id=1,iotlb=0xbadbeef" 'test_md_check_iotlb: ok'
	run_steps
}

@test "nested invalidation: entries longer than the kernel's struct are EINVAL, before any entry runs (7.x)" {
	steps
	step "$F" "$F_OUT"
	step "$NI,entry_len=12,entry_num=2,data=0:0:0:0:1:0" 'hwpt_invalidate: EINVAL entry_num=0'
	step "$CI,iotlb_id=0,iotlb=0xbadbeef" 'test_md_check_iotlb: ok'
	step "$CI,iotlb_id=1,iotlb=0xbadbeef" 'test_md_check_iotlb: ok'
	run_steps
}

@test "nested invalidation: entries shorter than iotlb_id, another type or an unreadable array fail with nothing done" {
	steps
	step "$F" "$F_OUT"
	step "$NI,entry_len=4,entry_num=1,data=0" 'hwpt_invalidate: EINVAL entry_num=0'
	step "hwpt_invalidate,hwpt_id=7,data_type=0xdadbeef,entry_len=8,entry_num=1,data=0:0" \
		'hwpt_invalidate: EINVAL entry_num=0'
	step "$NI,entry_num=1,data_uptr=8" 'hwpt_invalidate: EFAULT entry_num=0'
	step "$CI,iotlb_id=0,iotlb=0xbadbeef" 'test_md_check_iotlb: ok'
	run_steps
}

@test "MD_CHECK_IOTLB: a non-nested id is ENOENT, iotlb_id past 3 EINVAL" {
	steps
	step "$F" "$F_OUT"
	step "test_md_check_iotlb,id=5,iotlb_id=0,iotlb=0xbadbeef" 'test_md_check_iotlb: ENOENT'
	step "test_md_check_iotlb,id=6,iotlb_id=0,iotlb=0xbadbeef" 'test_md_check_iotlb: ENOENT'
	step "$CI,iotlb_id=4,iotlb=0xbadbeef" 'test_md_check_iotlb: EINVAL'
	run_steps
}
