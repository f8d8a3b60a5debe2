#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Nested HWPTs on a vIOMMU (spec (c)3 step 5, vIOMMU branch; the mock's
# alloc_domain_nested), IOMMU_HWPT_INVALIDATE (spec (c)7) on a vIOMMU (the
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
VI="hwpt_invalidate,hwpt_id=6,data_type=0xdeadbeef,entry_len=12"
# nested HWPT invalidation: entries {flags, iotlb_id}
NI="hwpt_invalidate,hwpt_id=7,data_type=0xdeadbeef,entry_len=8"
CC="test_dev_check_cache,id=3"
CI="test_md_check_iotlb,id=7"
DEF=0xbaddad

@test "HWPT_ALLOC on a vIOMMU: a nested HWPT whose four IOTLB entries hold the given value" {
	run iofd $F $CI,iotlb_id=0,iotlb=0xbadbeef $CI,iotlb_id=3,iotlb=0xbadbeef $CI,iotlb_id=1,iotlb=0
	expect_output "$F_OUT"$'\ntest_md_check_iotlb: ok\ntest_md_check_iotlb: ok\ntest_md_check_iotlb: EINVAL'
}

@test "HWPT_ALLOC on a vIOMMU: a device of another IOMMU instance is EINVAL, before the flags" {
	run iofd $F sim_device_alloc,model=1,stream_id=1 hwpt_alloc,dev_id=9,pt_id=6,data_type=0xdead,data=1 hwpt_alloc,dev_id=9,pt_id=6,flags=1,data_type=0xdead,data=1
	expect_output "$F_OUT"$'\nsim_device_alloc: ok out_stdev_id=8 out_hwpt_id=0 out_idev_id=9\nhwpt_alloc: EINVAL\nhwpt_alloc: EINVAL'
}

@test "HWPT_ALLOC on a vIOMMU: flags other than FAULT_ID_VALID and PASID are EOPNOTSUPP" {
	run iofd $F "$N,flags=1,data_type=0xdead,data=1" "$N,flags=2,data_type=0xdead,data=1" "$N,flags=0x80000004,data_type=0xdead,data=1" ioas_alloc
	expect_output "$F_OUT"$'\nhwpt_alloc: EOPNOTSUPP\nhwpt_alloc: EOPNOTSUPP\nhwpt_alloc: EOPNOTSUPP\nioas_alloc: ok out_ioas_id=8'
}

@test "HWPT_ALLOC on a vIOMMU: PASID is accepted" {
	run iofd $F "$N,flags=8,data_type=0xdead,data=5" test_md_check_iotlb,id=8,iotlb_id=2,iotlb=5
	expect_output "$F_OUT"$'\nhwpt_alloc: ok out_hwpt_id=8 data=0x5\ntest_md_check_iotlb: ok'
}

@test "HWPT_ALLOC on a vIOMMU: FAULT_ID_VALID is ENOENT (no fault queues) and uses up no id" {
	run iofd $F "$N,flags=4,fault_id=0xffffffff,data_type=0xdead,data=1" "$N,flags=4,fault_id=1,data_type=0xdead,data=1" ioas_alloc
	expect_output "$F_OUT"$'\nhwpt_alloc: ENOENT\nhwpt_alloc: ENOENT\nioas_alloc: ok out_ioas_id=8'
}

@test "HWPT_ALLOC on a vIOMMU: no driver data is EOPNOTSUPP" {
	run iofd $F $N ioas_alloc
	expect_output "$F_OUT"$'\nhwpt_alloc: EOPNOTSUPP\nioas_alloc: ok out_ioas_id=8'
}

@test "HWPT_ALLOC on a vIOMMU: a data type other than IOMMU_HWPT_DATA_SELFTEST is EOPNOTSUPP" {
	run iofd $F "$N,data_type=2,data=0:0:0:0" "$N,data_type=1,data=0:0:0:0:0:0" "$N,data_type=0xdeae,data=1"
	expect_output "$F_OUT"$'\nhwpt_alloc: EOPNOTSUPP\nhwpt_alloc: EOPNOTSUPP\nhwpt_alloc: EOPNOTSUPP'
}

@test "HWPT_ALLOC on a vIOMMU: selftest data shorter than iotlb is EINVAL, a non-zero tail E2BIG, a zero tail fine" {
	run iofd $F "$N,data_type=0xdead,data=1,data_len=3" "$N,data_type=0xdead,data=1:1" "$N,data_type=0xdead,data=1:0"
	expect_output "$F_OUT"$'\nhwpt_alloc: EINVAL\nhwpt_alloc: E2BIG\nhwpt_alloc: ok out_hwpt_id=8 data=0x1:0x0'
}

@test "HWPT_ALLOC on a vIOMMU: unreadable data is EFAULT" {
	run iofd $F "$N,data_type=0xdead,data_uptr=8,data_len=4" ioas_alloc
	expect_output "$F_OUT"$'\nhwpt_alloc: EFAULT\nioas_alloc: ok out_ioas_id=8'
}

@test "a nested HWPT holds its vIOMMU" {
	run iofd $F destroy,id=6 destroy,id=7 destroy,id=6 destroy,id=5
	expect_output "$F_OUT"$'\ndestroy: EBUSY\ndestroy: ok\ndestroy: ok\ndestroy: ok'
}

@test "a nested HWPT is no pt_id for HWPT_ALLOC, and a vIOMMU none for MOCK_DOMAIN (EINVAL)" {
	run iofd $F hwpt_alloc,dev_id=3,pt_id=7,data_type=0xdead,data=1 test_mock_domain,id=6
	expect_output "$F_OUT"$'\nhwpt_alloc: EINVAL\ntest_mock_domain: EINVAL'
}

@test "HWPT_INVALIDATE: __reserved is EOPNOTSUPP before the lookup, entry_num written back as 0" {
	run iofd $F "$VI,entry_num=0,__reserved=1" hwpt_invalidate,hwpt_id=99,entry_num=3,__reserved=1
	expect_output "$F_OUT"$'\nhwpt_invalidate: EOPNOTSUPP entry_num=0\nhwpt_invalidate: EOPNOTSUPP entry_num=0'
}

@test "HWPT_INVALIDATE: entries without data_uptr or entry_len are EINVAL before the lookup" {
	run iofd $F "$VI,entry_num=1" hwpt_invalidate,hwpt_id=6,data=0:0x99:0,entry_num=1 hwpt_invalidate,hwpt_id=99,entry_num=1
	expect_output "$F_OUT"$'\nhwpt_invalidate: EINVAL entry_num=0\nhwpt_invalidate: EINVAL entry_num=0\nhwpt_invalidate: EINVAL entry_num=0'
}

@test "HWPT_INVALIDATE: a missing id is ENOENT, an IOAS, HWPT_PAGING or device EINVAL" {
	run iofd $F hwpt_invalidate,hwpt_id=99 hwpt_invalidate,hwpt_id=0 hwpt_invalidate,hwpt_id=1 hwpt_invalidate,hwpt_id=5 hwpt_invalidate,hwpt_id=4 hwpt_invalidate,hwpt_id=3
	expect_output "$F_OUT"$'\nhwpt_invalidate: ENOENT entry_num=0\nhwpt_invalidate: ENOENT entry_num=0\nhwpt_invalidate: EINVAL entry_num=0\nhwpt_invalidate: EINVAL entry_num=0\nhwpt_invalidate: EINVAL entry_num=0\nhwpt_invalidate: EINVAL entry_num=0'
}

@test "HWPT_INVALIDATE: size 31 is EINVAL and a non-zero tail E2BIG, neither writing entry_num back" {
	run iofd $F "$VI,entry_num=5,size=31" raw,cmd=0x3b8d,size=40,u32@4=6,u32@16=0xdeadbeef,u32@36=1,dump "$VI,entry_num=0,size=40"
	expect_output "$F_OUT"$'\nhwpt_invalidate: EINVAL entry_num=5\nraw: E2BIG out=28000000060000000000000000000000efbeadde0000000000000000000000000000000001000000\nhwpt_invalidate: ok entry_num=0'
}

@test "HWPT_INVALIDATE: an empty array probes the data type" {
	run iofd $F "$VI,entry_num=0" "$NI,entry_num=0" hwpt_invalidate,hwpt_id=6,data_type=0xdadbeef hwpt_invalidate,hwpt_id=7,data_type=0xdadbeef
	expect_output "$F_OUT"$'\nhwpt_invalidate: ok entry_num=0\nhwpt_invalidate: ok entry_num=0\nhwpt_invalidate: EINVAL entry_num=0\nhwpt_invalidate: EINVAL entry_num=0'
}

@test "vIOMMU invalidation clears the named cache entry of the vDEVICE's device" {
	run iofd $F $VD "$VI,entry_num=1,data=0:0x99:2" $CC,cache_id=2,cache=0 $CC,cache_id=0,cache=$DEF $CC,cache_id=1,cache=$DEF $CC,cache_id=3,cache=$DEF
	expect_output "$F_OUT"$'\n'"$VD_OUT"$'\nhwpt_invalidate: ok entry_num=1 data=0x0:0x99:0x2\ntest_dev_check_cache: ok\ntest_dev_check_cache: ok\ntest_dev_check_cache: ok\ntest_dev_check_cache: ok'
}

@test "vIOMMU invalidation reaches only the device its virt_id names" {
	run iofd $F $VD test_mock_domain,id=1 vdevice_alloc,viommu_id=6,dev_id=10,virt_id=0x77 "$VI,entry_num=1,data=1:0x77:0" test_dev_check_cache,id=10,cache_id=3,cache=0 $CC,cache_id=3,cache=$DEF
	expect_output "$F_OUT"$'\n'"$VD_OUT"$'\ntest_mock_domain: ok out_stdev_id=9 out_hwpt_id=4 out_idev_id=10\nvdevice_alloc: ok out_vdevice_id=11\nhwpt_invalidate: ok entry_num=1 data=0x1:0x77:0x0\ntest_dev_check_cache: ok\ntest_dev_check_cache: ok'
}

@test "vIOMMU invalidation: FLAG_ALL clears all four entries, but cache_id must still be valid" {
	run iofd $F $VD "$VI,entry_num=1,data=1:0x99:4" $CC,cache_id=0,cache=$DEF "$VI,entry_num=1,data=1:0x99:3" $CC,cache_id=0,cache=0 $CC,cache_id=1,cache=0 $CC,cache_id=2,cache=0 $CC,cache_id=3,cache=0
	expect_output "$F_OUT"$'\n'"$VD_OUT"$'\nhwpt_invalidate: EINVAL entry_num=0\ntest_dev_check_cache: ok\nhwpt_invalidate: ok entry_num=1 data=0x1:0x99:0x3\ntest_dev_check_cache: ok\ntest_dev_check_cache: ok\ntest_dev_check_cache: ok\ntest_dev_check_cache: ok'
}

@test "vIOMMU invalidation: unknown flags are EOPNOTSUPP, checked before cache_id and vdev_id" {
	run iofd $F $VD "$VI,entry_num=1,data=2:0x99:0" "$VI,entry_num=1,data=0xffffffff:0x5:9" $CC,cache_id=0,cache=$DEF
	expect_output "$F_OUT"$'\n'"$VD_OUT"$'\nhwpt_invalidate: EOPNOTSUPP entry_num=0\nhwpt_invalidate: EOPNOTSUPP entry_num=0\ntest_dev_check_cache: ok'
}

@test "vIOMMU invalidation: cache_id past 3 is EINVAL, checked before vdev_id" {
	run iofd $F $VD "$VI,entry_num=1,data=0:0x99:4" "$VI,entry_num=1,data=0:0x5:4"
	expect_output "$F_OUT"$'\n'"$VD_OUT"$'\nhwpt_invalidate: EINVAL entry_num=0\nhwpt_invalidate: EINVAL entry_num=0'
}

@test "vIOMMU invalidation: a virt_id without a vDEVICE in this vIOMMU is EINVAL" {
	run iofd $F $VD viommu_alloc,dev_id=3,hwpt_id=5,type=0xdeadbeef "$VI,entry_num=1,data=0:0x9:0" hwpt_invalidate,hwpt_id=9,data_type=0xdeadbeef,entry_len=12,entry_num=1,data=0:0x99:0 destroy,id=8 "$VI,entry_num=1,data=0:0x99:0"
	expect_output "$F_OUT"$'\n'"$VD_OUT"$'\nviommu_alloc: ok out_viommu_id=9\nhwpt_invalidate: EINVAL entry_num=0\nhwpt_invalidate: EINVAL entry_num=0\ndestroy: ok\nhwpt_invalidate: EINVAL entry_num=0'
}

@test "vIOMMU invalidation stops at the first bad entry and reports the entries done" {
	run iofd $F $VD "$VI,entry_num=2,data=0:0x99:0:0xffffffff:0x99:1" $CC,cache_id=0,cache=0 $CC,cache_id=1,cache=$DEF "$VI,entry_num=3,data=0:0x99:1:0:0x99:4:0:0x99:2" $CC,cache_id=1,cache=0 $CC,cache_id=2,cache=$DEF
	expect_output "$F_OUT"$'\n'"$VD_OUT"$'\nhwpt_invalidate: EOPNOTSUPP entry_num=1\ntest_dev_check_cache: ok\ntest_dev_check_cache: ok\nhwpt_invalidate: EINVAL entry_num=1\ntest_dev_check_cache: ok\ntest_dev_check_cache: ok'
}

@test "vIOMMU invalidation: another data type with entries is EINVAL and clears nothing" {
	run iofd $F $VD hwpt_invalidate,hwpt_id=6,data_type=0xdadbeef,entry_len=12,entry_num=1,data=0:0x99:0 $CC,cache_id=0,cache=$DEF
	expect_output "$F_OUT"$'\n'"$VD_OUT"$'\nhwpt_invalidate: EINVAL entry_num=0\ntest_dev_check_cache: ok'
}

@test "vIOMMU invalidation: longer entries need a zero tail; the whole array is read before any entry runs" {
	run iofd $F $VD "$VI,entry_len=16,entry_num=2,data=0:0x99:0:0:0:0x99:1:1" $CC,cache_id=0,cache=$DEF "$VI,entry_len=16,entry_num=2,data=0:0x99:0:0:0:0x99:1:0" $CC,cache_id=0,cache=0 $CC,cache_id=1,cache=0
	expect_output "$F_OUT"$'\n'"$VD_OUT"$'\nhwpt_invalidate: E2BIG entry_num=0\ntest_dev_check_cache: ok\nhwpt_invalidate: ok entry_num=2 data=0x0:0x99:0x0:0x0:0x0:0x99:0x1:0x0\ntest_dev_check_cache: ok\ntest_dev_check_cache: ok'
}

@test "vIOMMU invalidation: shorter entries are zero-extended (entry_len 8 means cache_id 0)" {
	run iofd $F $VD "$VI,entry_len=8,entry_num=2,data=0:0x99:0:0x99" $CC,cache_id=0,cache=0 $CC,cache_id=1,cache=$DEF "$VI,entry_len=1,entry_num=1,data=0"
	expect_output "$F_OUT"$'\n'"$VD_OUT"$'\nhwpt_invalidate: ok entry_num=2 data=0x0:0x99:0x0:0x99\ntest_dev_check_cache: ok\ntest_dev_check_cache: ok\nhwpt_invalidate: EINVAL entry_num=0'
}

@test "vIOMMU invalidation: an unreadable array is EFAULT, a huge entry_num ENOMEM" {
	run iofd $F $VD "$VI,entry_num=1,data_uptr=8" "$VI,entry_num=0xffffffff,data_uptr=8"
	expect_output "$F_OUT"$'\n'"$VD_OUT"$'\nhwpt_invalidate: EFAULT entry_num=0\nhwpt_invalidate: ENOMEM entry_num=0'
}

@test "nested invalidation clears the named IOTLB entry" {
	run iofd $F "$NI,entry_num=1,data=0:1" $CI,iotlb_id=1,iotlb=0 $CI,iotlb_id=0,iotlb=0xbadbeef $CI,iotlb_id=2,iotlb=0xbadbeef
	expect_output "$F_OUT"$'\nhwpt_invalidate: ok entry_num=1 data=0x0:0x1\ntest_md_check_iotlb: ok\ntest_md_check_iotlb: ok\ntest_md_check_iotlb: ok'
}

@test "nested invalidation: FLAG_ALL clears every entry, but iotlb_id must still be valid" {
	run iofd $F "$NI,entry_num=1,data=1:4" $CI,iotlb_id=0,iotlb=0xbadbeef "$NI,entry_num=1,data=1:3" $CI,iotlb_id=0,iotlb=0 $CI,iotlb_id=3,iotlb=0
	expect_output "$F_OUT"$'\nhwpt_invalidate: EINVAL entry_num=0\ntest_md_check_iotlb: ok\nhwpt_invalidate: ok entry_num=1 data=0x1:0x3\ntest_md_check_iotlb: ok\ntest_md_check_iotlb: ok'
}

@test "nested invalidation: unknown flags are EOPNOTSUPP, iotlb_id past 3 EINVAL" {
	run iofd $F "$NI,entry_num=1,data=2:0" "$NI,entry_num=1,data=0xffffffff:9" "$NI,entry_num=1,data=0:4"
	expect_output "$F_OUT"$'\nhwpt_invalidate: EOPNOTSUPP entry_num=0\nhwpt_invalidate: EOPNOTSUPP entry_num=0\nhwpt_invalidate: EINVAL entry_num=0'
}

@test "nested invalidation stops at the first bad entry and reports the entries done" {
	run iofd $F "$NI,entry_num=3,data=0:0:0:4:0:1" $CI,iotlb_id=0,iotlb=0 $CI,iotlb_id=1,iotlb=0xbadbeef
	expect_output "$F_OUT"$'\nhwpt_invalidate: EINVAL entry_num=1\ntest_md_check_iotlb: ok\ntest_md_check_iotlb: ok'
}

@test "nested invalidation reads entry by entry: a bad tail in entry 2 leaves entry 1 done" {
	run iofd $F "$NI,entry_len=12,entry_num=2,data=0:0:0:0:1:1" $CI,iotlb_id=0,iotlb=0 $CI,iotlb_id=1,iotlb=0xbadbeef
	expect_output "$F_OUT"$'\nhwpt_invalidate: E2BIG entry_num=1\ntest_md_check_iotlb: ok\ntest_md_check_iotlb: ok'
}

@test "nested invalidation: entries shorter than iotlb_id, another type or an unreadable array fail with nothing done" {
	run iofd $F "$NI,entry_len=4,entry_num=1,data=0" hwpt_invalidate,hwpt_id=7,data_type=0xdadbeef,entry_len=8,entry_num=1,data=0:0 "$NI,entry_num=1,data_uptr=8" $CI,iotlb_id=0,iotlb=0xbadbeef
	expect_output "$F_OUT"$'\nhwpt_invalidate: EINVAL entry_num=0\nhwpt_invalidate: EINVAL entry_num=0\nhwpt_invalidate: EFAULT entry_num=0\ntest_md_check_iotlb: ok'
}

@test "MD_CHECK_IOTLB: a non-nested id is ENOENT, iotlb_id past 3 EINVAL" {
	run iofd $F test_md_check_iotlb,id=5,iotlb_id=0,iotlb=0xbadbeef test_md_check_iotlb,id=6,iotlb_id=0,iotlb=0xbadbeef $CI,iotlb_id=4,iotlb=0xbadbeef
	expect_output "$F_OUT"$'\ntest_md_check_iotlb: ENOENT\ntest_md_check_iotlb: ENOENT\ntest_md_check_iotlb: EINVAL'
}
