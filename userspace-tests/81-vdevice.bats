#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# IOMMU_VDEVICE_ALLOC (README.md), the vDEVICE tombstone of an unplugged
# device (README.md), attaching devices to nested HWPTs (the mock's attach
# needs the device's vDEVICE), and the selftest ops DEV_CHECK_CACHE and
# TRIGGER_VEVENT (README.md, the IOMMU_TEST_CMD ops).

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

# upstream's vIOMMU fixture (helpers.bash): ..., vIOMMU 6, nested HWPT 7
F=$NESTED_FIXTURE
F_OUT=$NESTED_FIXTURE_OUT
VD="vdevice_alloc,viommu_id=6,dev_id=3,virt_id=0x99"

@test "VDEVICE_ALLOC returns the next id" {
	steps
	step "$F" "$F_OUT"
	step "$VD" 'vdevice_alloc: ok out_vdevice_id=8'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=9'
	run_steps
}

@test "VDEVICE_ALLOC: a viommu_id that is not a vIOMMU is ENOENT, before the device lookup" {
	steps
	step "$F" "$F_OUT"
	step "vdevice_alloc,viommu_id=0,dev_id=3" 'vdevice_alloc: ENOENT'
	step "vdevice_alloc,viommu_id=99,dev_id=99" 'vdevice_alloc: ENOENT'
	step "vdevice_alloc,viommu_id=5,dev_id=3" 'vdevice_alloc: ENOENT'
	step "vdevice_alloc,viommu_id=3,dev_id=3" 'vdevice_alloc: ENOENT'
	run_steps
}

@test "VDEVICE_ALLOC: a dev_id that is not a device is ENOENT" {
	steps
	step "$F" "$F_OUT"
	step "vdevice_alloc,viommu_id=6,dev_id=0" 'vdevice_alloc: ENOENT'
	step "vdevice_alloc,viommu_id=6,dev_id=99" 'vdevice_alloc: ENOENT'
	step "vdevice_alloc,viommu_id=6,dev_id=2" 'vdevice_alloc: ENOENT'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=8'
	run_steps
}

@test "VDEVICE_ALLOC: a device behind another IOMMU instance is EINVAL" {
	steps
	step "$F" "$F_OUT"
	step "sim_device_alloc,model=tegra241,stream_id=1" \
		'sim_device_alloc: ok out_stdev_id=8 out_hwpt_id=0 out_idev_id=9'
	step "vdevice_alloc,viommu_id=6,dev_id=9" 'vdevice_alloc: EINVAL'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=10'
	run_steps
}

@test "VDEVICE_ALLOC: one vDEVICE per device, across vIOMMUs (EEXIST)" {
	steps
	step "$F" "$F_OUT"
	step "$VD" 'vdevice_alloc: ok out_vdevice_id=8'
	step "vdevice_alloc,viommu_id=6,dev_id=3,virt_id=1" 'vdevice_alloc: EEXIST'
	step "viommu_alloc,dev_id=3,hwpt_id=5,type=selftest" 'viommu_alloc: ok out_viommu_id=9'
	step "vdevice_alloc,viommu_id=9,dev_id=3,virt_id=1" 'vdevice_alloc: EEXIST'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=10'
	run_steps
}

@test "VDEVICE_ALLOC: a virt_id is unique per vIOMMU (EEXIST), not across vIOMMUs" {
	steps
	step "$F" "$F_OUT"
	step "$VD" 'vdevice_alloc: ok out_vdevice_id=8'
	step "test_mock_domain,id=1" \
		'test_mock_domain: ok out_stdev_id=9 out_hwpt_id=4 out_idev_id=10'
	step "vdevice_alloc,viommu_id=6,dev_id=10,virt_id=0x99" 'vdevice_alloc: EEXIST'
	step "viommu_alloc,dev_id=3,hwpt_id=5,type=selftest" 'viommu_alloc: ok out_viommu_id=11'
	step "vdevice_alloc,viommu_id=11,dev_id=10,virt_id=0x99" \
		'vdevice_alloc: ok out_vdevice_id=12'
	run_steps
}

@test "VDEVICE_ALLOC: virt_id is a full 64-bit value" {
	steps
	step "$F" "$F_OUT"
	step "vdevice_alloc,viommu_id=6,dev_id=3,virt_id=0xffffffffffffffff" \
		'vdevice_alloc: ok out_vdevice_id=8'
	step "test_mock_domain,id=1" \
		'test_mock_domain: ok out_stdev_id=9 out_hwpt_id=4 out_idev_id=10'
	step "vdevice_alloc,viommu_id=6,dev_id=10,virt_id=0xffffffffffffffff" \
		'vdevice_alloc: EEXIST'
	step "vdevice_alloc,viommu_id=6,dev_id=10,virt_id=0" 'vdevice_alloc: ok out_vdevice_id=11'
	run_steps
}

@test "a vDEVICE holds its vIOMMU; destroying it frees the device and the virt_id again" {
	steps
	step "$F" "$F_OUT"
	step "$VD" 'vdevice_alloc: ok out_vdevice_id=8'
	step "destroy,id=6" 'destroy: EBUSY'
	step "destroy,id=8" 'destroy: ok'
	step "$VD" 'vdevice_alloc: ok out_vdevice_id=8'
	step "vdevice_alloc,viommu_id=6,dev_id=3,virt_id=1" 'vdevice_alloc: EEXIST'
	run_steps
}

@test "VDEVICE_ALLOC: size 23 is EINVAL, a non-zero tail is E2BIG" {
	steps
	step "$F" "$F_OUT"
	step "$VD,size=23" 'vdevice_alloc: EINVAL'
	step "raw,cmd=0x3b91,size=32,u32@4=6,u32@8=3,u32@28=1" 'raw: E2BIG'
	step "$VD,size=32" 'vdevice_alloc: ok out_vdevice_id=8'
	run_steps
}

@test "unplugging a device with a vDEVICE works and leaves the vDEVICE id a tombstone (DESTROY is ENOENT)" {
	steps
	step "$F" "$F_OUT"
	step "$VD" 'vdevice_alloc: ok out_vdevice_id=8'
	step "destroy,id=2" 'destroy: ok'
	step "destroy,id=8" 'destroy: ENOENT'
	step "destroy,id=8" 'destroy: ENOENT'
	run_steps
}

@test "a tombstoned vDEVICE id is never reused before close, while freed ids are" {
	steps
	step "$F" "$F_OUT"
	step "$VD" 'vdevice_alloc: ok out_vdevice_id=8'
	step "destroy,id=2" 'destroy: ok'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=3'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=4'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=9'
	run_steps
}

@test "a tombstoned vDEVICE id is ENOENT for lookups, where a live one is the wrong type (EINVAL)" {
	steps
	step "$F" "$F_OUT"
	step "$VD" 'vdevice_alloc: ok out_vdevice_id=8'
	step "test_mock_domain,id=8" 'test_mock_domain: EINVAL'
	step "hwpt_invalidate,hwpt_id=8" 'hwpt_invalidate: EINVAL entry_num=0'
	step "destroy,id=2" 'destroy: ok'
	step "test_mock_domain,id=8" 'test_mock_domain: ENOENT'
	step "hwpt_invalidate,hwpt_id=8" 'hwpt_invalidate: ENOENT entry_num=0'
	run_steps
}

@test "the tombstoned vDEVICE released its vIOMMU and the unplugged device's idev is gone" {
	steps
	step "$F" "$F_OUT"
	step "$VD" 'vdevice_alloc: ok out_vdevice_id=8'
	step "destroy,id=2" 'destroy: ok'
	step "destroy,id=7" 'destroy: ok'
	step "destroy,id=6" 'destroy: ok'
	step "destroy,id=5" 'destroy: ok'
	step "vdevice_alloc,viommu_id=6,dev_id=3" 'vdevice_alloc: ENOENT'
	step "destroy,id=3" 'destroy: ENOENT'
	run_steps
}

@test "VDEVICE_ALLOC for an unplugged device is ENOENT" {
	steps
	step "$F" "$F_OUT"
	step "test_mock_domain,id=1" \
		'test_mock_domain: ok out_stdev_id=8 out_hwpt_id=4 out_idev_id=9'
	step "viommu_alloc,dev_id=9,hwpt_id=5,type=selftest" 'viommu_alloc: ok out_viommu_id=10'
	step "destroy,id=8" 'destroy: ok'
	step "vdevice_alloc,viommu_id=10,dev_id=9" 'vdevice_alloc: ENOENT'
	run_steps
}

@test "closing the fd with a tombstone frees everything" {
	steps
	step "$F" "$F_OUT"
	step "$VD" 'vdevice_alloc: ok out_vdevice_id=8'
	step "test_mock_domain_replace,id=2,pt_id=7" 'test_mock_domain_replace: ok pt_id=7'
	step "destroy,id=2" 'destroy: ok'
	run_steps
	run live_objects
	expect_output 0
}

@test "attaching to a nested HWPT needs the device's vDEVICE in that vIOMMU (ENOENT)" {
	steps
	step "$F" "$F_OUT"
	step "test_mock_domain_replace,id=2,pt_id=7" 'test_mock_domain_replace: ENOENT'
	step "viommu_alloc,dev_id=3,hwpt_id=5,type=selftest" 'viommu_alloc: ok out_viommu_id=8'
	step "vdevice_alloc,viommu_id=8,dev_id=3" 'vdevice_alloc: ok out_vdevice_id=9'
	step "test_mock_domain_replace,id=2,pt_id=7" 'test_mock_domain_replace: ENOENT'
	step "destroy,id=9" 'destroy: ok'
	step "$VD" 'vdevice_alloc: ok out_vdevice_id=9'
	step "test_mock_domain_replace,id=2,pt_id=7" 'test_mock_domain_replace: ok pt_id=7'
	run_steps
}

@test "MOCK_DOMAIN on a nested HWPT is ENOENT: a new device has no vDEVICE" {
	steps
	step "$F" "$F_OUT"
	step "test_mock_domain,id=7" 'test_mock_domain: ENOENT'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=8'
	run_steps
}

@test "a device of another IOMMU instance cannot attach to a nested HWPT (EINVAL)" {
	steps
	step "$F" "$F_OUT"
	step "sim_device_alloc,model=tegra241,stream_id=1,id=1" \
		'sim_device_alloc: ok out_stdev_id=8 out_hwpt_id=10 out_idev_id=9'
	step "test_mock_domain_replace,id=8,pt_id=7" 'test_mock_domain_replace: EINVAL'
	run_steps
}

@test "an attached nested HWPT is EBUSY to DESTROY; moving the device away frees it" {
	steps
	step "$F" "$F_OUT"
	step "$VD" 'vdevice_alloc: ok out_vdevice_id=8'
	step "test_mock_domain_replace,id=2,pt_id=7" 'test_mock_domain_replace: ok pt_id=7'
	step "destroy,id=7" 'destroy: EBUSY'
	step "test_mock_domain_replace,id=2,pt_id=1" 'test_mock_domain_replace: ok pt_id=4'
	step "destroy,id=7" 'destroy: ok'
	run_steps
}

@test "a device moved from its auto domain to a nested HWPT frees the auto domain" {
	steps
	step "$F" "$F_OUT"
	step "$VD" 'vdevice_alloc: ok out_vdevice_id=8'
	step "test_mock_domain_replace,id=2,pt_id=7" 'test_mock_domain_replace: ok pt_id=7'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=4'
	step "test_mock_domain_replace,id=2,pt_id=7" 'test_mock_domain_replace: ok pt_id=7'
	run_steps
}

@test "unplugging a device attached to a nested HWPT detaches it" {
	steps
	step "$F" "$F_OUT"
	step "$VD" 'vdevice_alloc: ok out_vdevice_id=8'
	step "test_mock_domain_replace,id=2,pt_id=7" 'test_mock_domain_replace: ok pt_id=7'
	step "destroy,id=2" 'destroy: ok'
	step "destroy,id=7" 'destroy: ok'
	step "destroy,id=6" 'destroy: ok'
	run_steps
}

@test "DEV_CHECK_CACHE: every entry starts at IOMMU_TEST_DEV_CACHE_DEFAULT" {
	steps
	step "$F" "$F_OUT"
	step "test_dev_check_cache,id=3,cache_id=0,cache=0xbaddad" 'test_dev_check_cache: ok'
	step "test_dev_check_cache,id=3,cache_id=3,cache=0xbaddad" 'test_dev_check_cache: ok'
	step "test_dev_check_cache,id=3,cache_id=1,cache=0" 'test_dev_check_cache: EINVAL'
	run_steps
}

@test "DEV_CHECK_CACHE: cache_id past 3 is EINVAL, a non-device id ENOENT" {
	steps
	step "$F" "$F_OUT"
	step "test_dev_check_cache,id=3,cache_id=4,cache=0xbaddad" 'test_dev_check_cache: EINVAL'
	step "test_dev_check_cache,id=2,cache_id=0,cache=0xbaddad" 'test_dev_check_cache: ENOENT'
	step "test_dev_check_cache,id=99,cache_id=0,cache=0xbaddad" 'test_dev_check_cache: ENOENT'
	run_steps
}

@test "TRIGGER_VEVENT: ENOENT for a non-device and for a device not attached to a nested HWPT" {
	steps
	step "$F" "$F_OUT"
	step "$VD" 'vdevice_alloc: ok out_vdevice_id=8'
	step "test_trigger_vevent,dev_id=99" 'test_trigger_vevent: ENOENT'
	step "test_trigger_vevent,dev_id=2" 'test_trigger_vevent: ENOENT'
	step "test_trigger_vevent,dev_id=3" 'test_trigger_vevent: ENOENT'
	run_steps
}

@test "TRIGGER_VEVENT: EOPNOTSUPP without a selftest vEVENTQ, then the event carries the virt_id" {
	steps
	step "$F" "$F_OUT"
	step "$VD" 'vdevice_alloc: ok out_vdevice_id=8'
	step "test_mock_domain_replace,id=2,pt_id=7" 'test_mock_domain_replace: ok pt_id=7'
	step "test_trigger_vevent,dev_id=3" 'test_trigger_vevent: EOPNOTSUPP'
	step "veventq_alloc,viommu_id=6,type=selftest,veventq_depth=2" \
		'veventq_alloc: ok out_veventq_id=4 fd=anon_inode:[iommufd-viommu-event] flags=rdwr,cloexec'
	step "test_trigger_vevent,dev_id=3" 'test_trigger_vevent: ok'
	step "evread,len=64" 'evread: n=12 [flags=0 seq=0 data=99000000]'
	run_steps
}

@test "TRIGGER_VEVENT: a vDEVICE with virt_id 0 raises nothing (ENOENT), as the mock" {
	steps
	step "$F" "$F_OUT"
	step "vdevice_alloc,viommu_id=6,dev_id=3,virt_id=0" 'vdevice_alloc: ok out_vdevice_id=8'
	step "test_mock_domain_replace,id=2,pt_id=7" 'test_mock_domain_replace: ok pt_id=7'
	step "veventq_alloc,viommu_id=6,type=selftest,veventq_depth=2" \
		'veventq_alloc: ok out_veventq_id=4 fd=anon_inode:[iommufd-viommu-event] flags=rdwr,cloexec'
	step "test_trigger_vevent,dev_id=3" 'test_trigger_vevent: ENOENT'
	run_steps
}

@test "TRIGGER_VEVENT: moving the device off the nested HWPT stops its events (ENOENT)" {
	steps
	step "$F" "$F_OUT"
	step "$VD" 'vdevice_alloc: ok out_vdevice_id=8'
	step "test_mock_domain_replace,id=2,pt_id=7" 'test_mock_domain_replace: ok pt_id=7'
	step "veventq_alloc,viommu_id=6,type=selftest,veventq_depth=2" \
		'veventq_alloc: ok out_veventq_id=4 fd=anon_inode:[iommufd-viommu-event] flags=rdwr,cloexec'
	step "test_mock_domain_replace,id=2,pt_id=1" 'test_mock_domain_replace: ok pt_id=9'
	step "test_trigger_vevent,dev_id=3" 'test_trigger_vevent: ENOENT'
	run_steps
}
