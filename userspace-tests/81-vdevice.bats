#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# IOMMU_VDEVICE_ALLOC (spec (c)6), the vDEVICE tombstone of an unplugged
# device (spec (e)), attaching devices to nested HWPTs (the mock's attach
# needs the device's vDEVICE), and the selftest ops DEV_CHECK_CACHE and
# TRIGGER_VEVENT (spec (f)).

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

# upstream's vIOMMU fixture (helpers.bash): ..., vIOMMU 6, nested HWPT 7
F=$NESTED_FIXTURE
F_OUT=$NESTED_FIXTURE_OUT
VD="vdevice_alloc,viommu_id=6,dev_id=3,virt_id=0x99"

@test "VDEVICE_ALLOC returns the next id" {
	run iofd $F $VD ioas_alloc
	expect_output "$F_OUT"$'\nvdevice_alloc: ok out_vdevice_id=8\nioas_alloc: ok out_ioas_id=9'
}

@test "VDEVICE_ALLOC: a viommu_id that is not a vIOMMU is ENOENT, before the device lookup" {
	run iofd $F vdevice_alloc,viommu_id=0,dev_id=3 vdevice_alloc,viommu_id=99,dev_id=99 vdevice_alloc,viommu_id=5,dev_id=3 vdevice_alloc,viommu_id=3,dev_id=3
	expect_output "$F_OUT"$'\nvdevice_alloc: ENOENT\nvdevice_alloc: ENOENT\nvdevice_alloc: ENOENT\nvdevice_alloc: ENOENT'
}

@test "VDEVICE_ALLOC: a dev_id that is not a device is ENOENT" {
	run iofd $F vdevice_alloc,viommu_id=6,dev_id=0 vdevice_alloc,viommu_id=6,dev_id=99 vdevice_alloc,viommu_id=6,dev_id=2 ioas_alloc
	expect_output "$F_OUT"$'\nvdevice_alloc: ENOENT\nvdevice_alloc: ENOENT\nvdevice_alloc: ENOENT\nioas_alloc: ok out_ioas_id=8'
}

@test "VDEVICE_ALLOC: a device behind another IOMMU instance is EINVAL" {
	run iofd $F sim_device_alloc,model=1,stream_id=1 vdevice_alloc,viommu_id=6,dev_id=9 ioas_alloc
	expect_output "$F_OUT"$'\nsim_device_alloc: ok out_stdev_id=8 out_hwpt_id=0 out_idev_id=9\nvdevice_alloc: EINVAL\nioas_alloc: ok out_ioas_id=10'
}

@test "VDEVICE_ALLOC: one vDEVICE per device, across vIOMMUs (EEXIST)" {
	run iofd $F $VD vdevice_alloc,viommu_id=6,dev_id=3,virt_id=1 viommu_alloc,dev_id=3,hwpt_id=5,type=0xdeadbeef vdevice_alloc,viommu_id=9,dev_id=3,virt_id=1 ioas_alloc
	expect_output "$F_OUT"$'\nvdevice_alloc: ok out_vdevice_id=8\nvdevice_alloc: EEXIST\nviommu_alloc: ok out_viommu_id=9\nvdevice_alloc: EEXIST\nioas_alloc: ok out_ioas_id=10'
}

@test "VDEVICE_ALLOC: a virt_id is unique per vIOMMU (EEXIST), not across vIOMMUs" {
	run iofd $F $VD test_mock_domain,id=1 vdevice_alloc,viommu_id=6,dev_id=10,virt_id=0x99 viommu_alloc,dev_id=3,hwpt_id=5,type=0xdeadbeef vdevice_alloc,viommu_id=11,dev_id=10,virt_id=0x99
	expect_output "$F_OUT"$'\nvdevice_alloc: ok out_vdevice_id=8\ntest_mock_domain: ok out_stdev_id=9 out_hwpt_id=4 out_idev_id=10\nvdevice_alloc: EEXIST\nviommu_alloc: ok out_viommu_id=11\nvdevice_alloc: ok out_vdevice_id=12'
}

@test "VDEVICE_ALLOC: virt_id is a full 64-bit value" {
	run iofd $F vdevice_alloc,viommu_id=6,dev_id=3,virt_id=0xffffffffffffffff test_mock_domain,id=1 vdevice_alloc,viommu_id=6,dev_id=10,virt_id=0xffffffffffffffff vdevice_alloc,viommu_id=6,dev_id=10,virt_id=0
	expect_output "$F_OUT"$'\nvdevice_alloc: ok out_vdevice_id=8\ntest_mock_domain: ok out_stdev_id=9 out_hwpt_id=4 out_idev_id=10\nvdevice_alloc: EEXIST\nvdevice_alloc: ok out_vdevice_id=11'
}

@test "a vDEVICE holds its vIOMMU; destroying it frees the device and the virt_id again" {
	run iofd $F $VD destroy,id=6 destroy,id=8 $VD vdevice_alloc,viommu_id=6,dev_id=3,virt_id=1
	expect_output "$F_OUT"$'\nvdevice_alloc: ok out_vdevice_id=8\ndestroy: EBUSY\ndestroy: ok\nvdevice_alloc: ok out_vdevice_id=8\nvdevice_alloc: EEXIST'
}

@test "VDEVICE_ALLOC: size 23 is EINVAL, a non-zero tail is E2BIG" {
	run iofd $F "$VD,size=23" raw,cmd=0x3b91,size=32,u32@4=6,u32@8=3,u32@28=1 "$VD,size=32"
	expect_output "$F_OUT"$'\nvdevice_alloc: EINVAL\nraw: E2BIG\nvdevice_alloc: ok out_vdevice_id=8'
}

@test "unplugging a device with a vDEVICE works and leaves the vDEVICE id a tombstone (DESTROY is ENOENT)" {
	run iofd $F $VD destroy,id=2 destroy,id=8 destroy,id=8
	expect_output "$F_OUT"$'\nvdevice_alloc: ok out_vdevice_id=8\ndestroy: ok\ndestroy: ENOENT\ndestroy: ENOENT'
}

@test "a tombstoned vDEVICE id is never reused before close, while freed ids are" {
	run iofd $F $VD destroy,id=2 ioas_alloc ioas_alloc ioas_alloc ioas_alloc
	expect_output "$F_OUT"$'\nvdevice_alloc: ok out_vdevice_id=8\ndestroy: ok\nioas_alloc: ok out_ioas_id=2\nioas_alloc: ok out_ioas_id=3\nioas_alloc: ok out_ioas_id=4\nioas_alloc: ok out_ioas_id=9'
}

@test "a tombstoned vDEVICE id is ENOENT for lookups, where a live one is the wrong type (EINVAL)" {
	run iofd $F $VD test_mock_domain,id=8 hwpt_invalidate,hwpt_id=8 destroy,id=2 test_mock_domain,id=8 hwpt_invalidate,hwpt_id=8
	expect_output "$F_OUT"$'\nvdevice_alloc: ok out_vdevice_id=8\ntest_mock_domain: EINVAL\nhwpt_invalidate: EINVAL entry_num=0\ndestroy: ok\ntest_mock_domain: ENOENT\nhwpt_invalidate: ENOENT entry_num=0'
}

@test "the tombstoned vDEVICE released its vIOMMU and the unplugged device's idev is gone" {
	run iofd $F $VD destroy,id=2 destroy,id=7 destroy,id=6 destroy,id=5 vdevice_alloc,viommu_id=6,dev_id=3 destroy,id=3
	expect_output "$F_OUT"$'\nvdevice_alloc: ok out_vdevice_id=8\ndestroy: ok\ndestroy: ok\ndestroy: ok\ndestroy: ok\nvdevice_alloc: ENOENT\ndestroy: ENOENT'
}

@test "VDEVICE_ALLOC for an unplugged device is ENOENT" {
	run iofd $F test_mock_domain,id=1 viommu_alloc,dev_id=9,hwpt_id=5,type=0xdeadbeef destroy,id=8 vdevice_alloc,viommu_id=10,dev_id=9
	expect_output "$F_OUT"$'\ntest_mock_domain: ok out_stdev_id=8 out_hwpt_id=4 out_idev_id=9\nviommu_alloc: ok out_viommu_id=10\ndestroy: ok\nvdevice_alloc: ENOENT'
}

@test "closing the fd with a tombstone frees everything" {
	run iofd $F $VD test_mock_domain_replace,id=2,pt_id=7 destroy,id=2
	expect_output "$F_OUT"$'\nvdevice_alloc: ok out_vdevice_id=8\ntest_mock_domain_replace: ok pt_id=7\ndestroy: ok'
	run live_objects
	expect_output 0
}

@test "attaching to a nested HWPT needs the device's vDEVICE in that vIOMMU (ENOENT)" {
	run iofd $F test_mock_domain_replace,id=2,pt_id=7 viommu_alloc,dev_id=3,hwpt_id=5,type=0xdeadbeef vdevice_alloc,viommu_id=8,dev_id=3 test_mock_domain_replace,id=2,pt_id=7 destroy,id=9 $VD test_mock_domain_replace,id=2,pt_id=7
	expect_output "$F_OUT"$'\ntest_mock_domain_replace: ENOENT\nviommu_alloc: ok out_viommu_id=8\nvdevice_alloc: ok out_vdevice_id=9\ntest_mock_domain_replace: ENOENT\ndestroy: ok\nvdevice_alloc: ok out_vdevice_id=9\ntest_mock_domain_replace: ok pt_id=7'
}

@test "MOCK_DOMAIN on a nested HWPT is ENOENT: a new device has no vDEVICE" {
	run iofd $F test_mock_domain,id=7 ioas_alloc
	expect_output "$F_OUT"$'\ntest_mock_domain: ENOENT\nioas_alloc: ok out_ioas_id=8'
}

@test "a device of another IOMMU instance cannot attach to a nested HWPT (EINVAL)" {
	run iofd $F sim_device_alloc,model=1,stream_id=1,id=1 test_mock_domain_replace,id=8,pt_id=7
	expect_output "$F_OUT"$'\nsim_device_alloc: ok out_stdev_id=8 out_hwpt_id=10 out_idev_id=9\ntest_mock_domain_replace: EINVAL'
}

@test "an attached nested HWPT is EBUSY to DESTROY; moving the device away frees it" {
	run iofd $F $VD test_mock_domain_replace,id=2,pt_id=7 destroy,id=7 test_mock_domain_replace,id=2,pt_id=1 destroy,id=7
	expect_output "$F_OUT"$'\nvdevice_alloc: ok out_vdevice_id=8\ntest_mock_domain_replace: ok pt_id=7\ndestroy: EBUSY\ntest_mock_domain_replace: ok pt_id=4\ndestroy: ok'
}

@test "a device moved from its auto domain to a nested HWPT frees the auto domain" {
	run iofd $F $VD test_mock_domain_replace,id=2,pt_id=7 ioas_alloc test_mock_domain_replace,id=2,pt_id=7
	expect_output "$F_OUT"$'\nvdevice_alloc: ok out_vdevice_id=8\ntest_mock_domain_replace: ok pt_id=7\nioas_alloc: ok out_ioas_id=4\ntest_mock_domain_replace: ok pt_id=7'
}

@test "unplugging a device attached to a nested HWPT detaches it" {
	run iofd $F $VD test_mock_domain_replace,id=2,pt_id=7 destroy,id=2 destroy,id=7 destroy,id=6
	expect_output "$F_OUT"$'\nvdevice_alloc: ok out_vdevice_id=8\ntest_mock_domain_replace: ok pt_id=7\ndestroy: ok\ndestroy: ok\ndestroy: ok'
}

@test "DEV_CHECK_CACHE: every entry starts at IOMMU_TEST_DEV_CACHE_DEFAULT" {
	run iofd $F test_dev_check_cache,id=3,cache_id=0,cache=0xbaddad test_dev_check_cache,id=3,cache_id=3,cache=0xbaddad test_dev_check_cache,id=3,cache_id=1,cache=0
	expect_output "$F_OUT"$'\ntest_dev_check_cache: ok\ntest_dev_check_cache: ok\ntest_dev_check_cache: EINVAL'
}

@test "DEV_CHECK_CACHE: cache_id past 3 is EINVAL, a non-device id ENOENT" {
	run iofd $F test_dev_check_cache,id=3,cache_id=4,cache=0xbaddad test_dev_check_cache,id=2,cache_id=0,cache=0xbaddad test_dev_check_cache,id=99,cache_id=0,cache=0xbaddad
	expect_output "$F_OUT"$'\ntest_dev_check_cache: EINVAL\ntest_dev_check_cache: ENOENT\ntest_dev_check_cache: ENOENT'
}

@test "TRIGGER_VEVENT: ENOENT for a non-device and for a device not attached to a nested HWPT" {
	run iofd $F $VD test_trigger_vevent,dev_id=99 test_trigger_vevent,dev_id=2 test_trigger_vevent,dev_id=3
	expect_output "$F_OUT"$'\nvdevice_alloc: ok out_vdevice_id=8\ntest_trigger_vevent: ENOENT\ntest_trigger_vevent: ENOENT\ntest_trigger_vevent: ENOENT'
}

@test "TRIGGER_VEVENT: EOPNOTSUPP without a selftest vEVENTQ, then the event carries the virt_id" {
	run iofd $F $VD test_mock_domain_replace,id=2,pt_id=7 test_trigger_vevent,dev_id=3 veventq_alloc,viommu_id=6,type=0xbeefbeef,veventq_depth=2 test_trigger_vevent,dev_id=3 evread,len=64
	expect_output "$F_OUT"$'\nvdevice_alloc: ok out_vdevice_id=8\ntest_mock_domain_replace: ok pt_id=7\ntest_trigger_vevent: EOPNOTSUPP\nveventq_alloc: ok out_veventq_id=4 fd=anon_inode:[iommufd-viommu-event] flags=rdwr,cloexec\ntest_trigger_vevent: ok\nevread: n=12 [flags=0 seq=0 data=99000000]'
}

@test "TRIGGER_VEVENT: a vDEVICE with virt_id 0 raises nothing (ENOENT), as the mock" {
	run iofd $F vdevice_alloc,viommu_id=6,dev_id=3,virt_id=0 test_mock_domain_replace,id=2,pt_id=7 veventq_alloc,viommu_id=6,type=0xbeefbeef,veventq_depth=2 test_trigger_vevent,dev_id=3
	expect_output "$F_OUT"$'\nvdevice_alloc: ok out_vdevice_id=8\ntest_mock_domain_replace: ok pt_id=7\nveventq_alloc: ok out_veventq_id=4 fd=anon_inode:[iommufd-viommu-event] flags=rdwr,cloexec\ntest_trigger_vevent: ENOENT'
}

@test "TRIGGER_VEVENT: moving the device off the nested HWPT stops its events (ENOENT)" {
	run iofd $F $VD test_mock_domain_replace,id=2,pt_id=7 veventq_alloc,viommu_id=6,type=0xbeefbeef,veventq_depth=2 test_mock_domain_replace,id=2,pt_id=1 test_trigger_vevent,dev_id=3
	expect_output "$F_OUT"$'\nvdevice_alloc: ok out_vdevice_id=8\ntest_mock_domain_replace: ok pt_id=7\nveventq_alloc: ok out_veventq_id=4 fd=anon_inode:[iommufd-viommu-event] flags=rdwr,cloexec\ntest_mock_domain_replace: ok pt_id=9\ntest_trigger_vevent: ENOENT'
}
