#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Devices: IOMMU_TEST_CMD (MOCK_DOMAIN, MOCK_DOMAIN_FLAGS, MOCK_DOMAIN_REPLACE,
# the ops we do not implement), IOMMUFD_SIM_CMD DEVICE_ALLOC, auto domains and
# the object lifetimes (README.md, "Supported ioctls").

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

MD=test_mock_domain

@test "MOCK_DOMAIN on an IOAS allocates stdev, idev, auto hwpt in that order" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	run_steps
}

@test "a second mock device on the same IOAS reuses its auto domain" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=5 out_hwpt_id=4 out_idev_id=6'
	run_steps
}

@test "each IOAS gets its own auto domain" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=3 out_hwpt_id=5 out_idev_id=4'
	step "$MD,id=2" 'test_mock_domain: ok out_stdev_id=6 out_hwpt_id=8 out_idev_id=7'
	run_steps
}

@test "MOCK_DOMAIN on a missing id is ENOENT and uses up no id" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "$MD,id=0" 'test_mock_domain: ENOENT'
	step "$MD,id=2" 'test_mock_domain: ENOENT'
	step "$MD,id=0x80000000" 'test_mock_domain: ENOENT'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	run_steps
}

@test "MOCK_DOMAIN on a stdev or idev is EINVAL and uses up no id" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "$MD,id=2" 'test_mock_domain: EINVAL'
	step "$MD,id=3" 'test_mock_domain: EINVAL'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=5'
	run_steps
}

@test "MOCK_DOMAIN on a HWPT_PAGING attaches to it directly" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "hwpt_alloc,dev_id=3,pt_id=1" 'hwpt_alloc: ok out_hwpt_id=5'
	step "$MD,id=5" 'test_mock_domain: ok out_stdev_id=6 out_hwpt_id=5 out_idev_id=7'
	run_steps
}

@test "an allocated HWPT_PAGING is never picked as an auto domain" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "sim_device_alloc" 'sim_device_alloc: ok out_stdev_id=2 out_hwpt_id=0 out_idev_id=3'
	step "hwpt_alloc,dev_id=3,pt_id=1" 'hwpt_alloc: ok out_hwpt_id=4'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=5 out_hwpt_id=7 out_idev_id=6'
	run_steps
}

@test "MOCK_DOMAIN_FLAGS accepts NO_DIRTY and PASID" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "test_mock_domain_flags,id=1,dev_flags=5" \
		'test_mock_domain_flags: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	run_steps
}

@test "MOCK_DOMAIN_FLAGS with any other flag, HUGE_IOVA (gone in 7.x) included, is EINVAL and uses up no id" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "test_mock_domain_flags,id=1,dev_flags=2" 'test_mock_domain_flags: EINVAL'
	step "test_mock_domain_flags,id=1,dev_flags=8" 'test_mock_domain_flags: EINVAL'
	step "test_mock_domain_flags,id=1,dev_flags=0x80000000" 'test_mock_domain_flags: EINVAL'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	run_steps
}

@test "a NO_DIRTY device cannot attach to a HWPT with dirty tracking (EINVAL)" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=dirty_tracking" 'hwpt_alloc: ok out_hwpt_id=5'
	step "test_mock_domain_flags,id=5,dev_flags=1" 'test_mock_domain_flags: EINVAL'
	step "test_mock_domain_flags,id=5,dev_flags=4" \
		'test_mock_domain_flags: ok out_stdev_id=6 out_hwpt_id=5 out_idev_id=7'
	run_steps
}

@test "DESTROY of the idev is EBUSY: the stdev holds it" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "destroy,id=3" 'destroy: EBUSY'
	run_steps
}

@test "DESTROY of the auto hwpt is EBUSY while a device is attached" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "destroy,id=4" 'destroy: EBUSY'
	run_steps
}

@test "DESTROY of the stdev unplugs: idev and auto hwpt disappear" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "destroy,id=2" 'destroy: ok'
	step "destroy,id=3" 'destroy: ENOENT'
	step "destroy,id=4" 'destroy: ENOENT'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=3'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=4'
	run_steps
}

@test "the auto hwpt lives until its last device is unplugged" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=5 out_hwpt_id=4 out_idev_id=6'
	step "destroy,id=2" 'destroy: ok'
	step "destroy,id=4" 'destroy: EBUSY'
	step "destroy,id=5" 'destroy: ok'
	step "destroy,id=4" 'destroy: ENOENT'
	run_steps
}

@test "an allocated HWPT survives the unplug of its devices" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "sim_device_alloc" 'sim_device_alloc: ok out_stdev_id=2 out_hwpt_id=0 out_idev_id=3'
	step "hwpt_alloc,dev_id=3,pt_id=1" 'hwpt_alloc: ok out_hwpt_id=4'
	step "$MD,id=4" 'test_mock_domain: ok out_stdev_id=5 out_hwpt_id=4 out_idev_id=6'
	step "destroy,id=4" 'destroy: EBUSY'
	step "destroy,id=5" 'destroy: ok'
	step "destroy,id=4" 'destroy: ok'
	run_steps
}

@test "the auto hwpt holds its IOAS (DESTROY of the IOAS is EBUSY)" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "destroy,id=1" 'destroy: EBUSY'
	step "destroy,id=2" 'destroy: ok'
	step "destroy,id=1" 'destroy: ok'
	run_steps
}

@test "close with devices and HWPTs alive leaves live_objects 0" {
	start_holder ioas_alloc $MD,id=1 $MD,id=1 hwpt_alloc,dev_id=3,pt_id=1 sim_device_alloc,model=tegra241,stream_id=1,id=1
	run live_objects
	expect_output "10"
	stop_holder
	run live_objects
	expect_output "0"
}

@test "a process killed with devices attached leaks nothing" {
	start_holder ioas_alloc $MD,id=1 test_mock_domain_flags,id=1,dev_flags=1 fd=1 ioas_alloc $MD,id=1
	run live_objects
	expect_output "10"
	stop_holder KILL
	run live_objects
	expect_output "0"
}

@test "MOCK_DOMAIN_REPLACE moves a device to a HWPT and destroys the old auto hwpt" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "hwpt_alloc,dev_id=3,pt_id=1" 'hwpt_alloc: ok out_hwpt_id=5'
	step "test_mock_domain_replace,id=2,pt_id=5" 'test_mock_domain_replace: ok pt_id=5'
	step "destroy,id=4" 'destroy: ENOENT'
	step "destroy,id=5" 'destroy: EBUSY'
	run_steps
}

@test "MOCK_DOMAIN_REPLACE onto the current HWPT changes nothing" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "test_mock_domain_replace,id=2,pt_id=4" 'test_mock_domain_replace: ok pt_id=4'
	step "test_mock_domain_replace,id=2,pt_id=1" 'test_mock_domain_replace: ok pt_id=4'
	step "destroy,id=4" 'destroy: EBUSY'
	run_steps
}

@test "MOCK_DOMAIN_REPLACE onto another IOAS creates an auto hwpt there" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=3 out_hwpt_id=5 out_idev_id=4'
	step "test_mock_domain_replace,id=3,pt_id=2" 'test_mock_domain_replace: ok pt_id=6'
	step "destroy,id=5" 'destroy: ENOENT'
	step "destroy,id=1" 'destroy: ok'
	step "destroy,id=2" 'destroy: EBUSY'
	run_steps
}

@test "MOCK_DOMAIN_REPLACE: missing or non-stdev id is ENOENT, missing pt_id ENOENT, wrong pt_id type EINVAL" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "test_mock_domain_replace,id=9,pt_id=1" 'test_mock_domain_replace: ENOENT'
	step "test_mock_domain_replace,id=3,pt_id=1" 'test_mock_domain_replace: ENOENT'
	step "test_mock_domain_replace,id=2,pt_id=9" 'test_mock_domain_replace: ENOENT'
	step "test_mock_domain_replace,id=2,pt_id=3" 'test_mock_domain_replace: EINVAL'
	step "test_mock_domain_replace,id=2,pt_id=2" 'test_mock_domain_replace: EINVAL'
	run_steps
}

@test "MOCK_DOMAIN_REPLACE of an unattached device is EINVAL and leaves no auto hwpt" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "sim_device_alloc" 'sim_device_alloc: ok out_stdev_id=2 out_hwpt_id=0 out_idev_id=3'
	step "test_mock_domain_replace,id=2,pt_id=1" 'test_mock_domain_replace: EINVAL'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=4'
	step "destroy,id=1" 'destroy: ok'
	run_steps
}

# The access ops (5, 6, 7, 8, 11) are implemented: 44-access.bats;
# TRIGGER_IOPF (15): 62-fault-queue.bats; DIRTY (13): 64-dirty-tracking.bats;
# the PASID ops (18 to 21): 63-pasid.bats; DMABUF_GET and DMABUF_REVOKE
# (22, 23): 45-dmabuf.bats.
@test "IOMMU_TEST_CMD ops we do not implement are EOPNOTSUPP" {
	local steps=() expected=() op
	for op in 0 24 0xffffffff; do
		steps+=("test_cmd,op=$op")
		expected+=("test_cmd: EOPNOTSUPP")
	done
	run iofd "${steps[@]}"
	expect_output "$(printf '%s\n' "${expected[@]}")"
}

@test "IOMMU_TEST_CMD does not check __reserved, as upstream" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "$MD,id=1,__reserved=0xffffffff" \
		'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	run_steps
}

@test "IOMMU_TEST_CMD: size 67 is EINVAL, 68 works, a non-zero byte past 72 is E2BIG" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "$MD,id=1,size=67" 'test_mock_domain: EINVAL'
	step "$MD,id=1,size=68" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "raw,cmd=0x3ba0,size=80,u32@4=2,u32@8=1,u32@72=1" 'raw: E2BIG'
	step "raw,cmd=0x3ba0,size=80,u32@4=2,u32@8=1" 'raw: ok'
	run_steps
}

@test "SET_TEMP_MEMORY_LIMIT: below 12 is EINVAL, 12 and more work" {
	steps
	step "test_set_temp_memory_limit,limit=0" 'test_set_temp_memory_limit: EINVAL'
	step "test_set_temp_memory_limit,limit=11" 'test_set_temp_memory_limit: EINVAL'
	step "test_set_temp_memory_limit,limit=12" 'test_set_temp_memory_limit: ok'
	step "test_set_temp_memory_limit,limit=65536" 'test_set_temp_memory_limit: ok'
	run_steps
}

@test "ADD_RESERVED needs an IOAS (ENOENT otherwise)" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "test_add_reserved,id=2,start=0x1000,length=0x1000" 'test_add_reserved: ENOENT'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "test_add_reserved,id=2,start=0x1000,length=0x1000" 'test_add_reserved: ENOENT'
	step "test_add_reserved,id=1,start=0x1000,length=0x1000" 'test_add_reserved: ok'
	run_steps
}

# IOMMUFD_SIM_CMD

@test "SIM DEVICE_ALLOC with id 0 plugs an unattached device" {
	steps
	step "sim_device_alloc" 'sim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2'
	step "sim_device_alloc,model=tegra241,stream_id=7" \
		'sim_device_alloc: ok out_stdev_id=3 out_hwpt_id=0 out_idev_id=4'
	run_steps
}

@test "SIM DEVICE_ALLOC attaches to an IOAS or a HWPT like MOCK_DOMAIN" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "sim_device_alloc,id=1" \
		'sim_device_alloc: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "sim_device_alloc,id=4" \
		'sim_device_alloc: ok out_stdev_id=5 out_hwpt_id=4 out_idev_id=6'
	step "sim_device_alloc,id=1" \
		'sim_device_alloc: ok out_stdev_id=7 out_hwpt_id=4 out_idev_id=8'
	run_steps
}

@test "SIM DEVICE_ALLOC: missing id ENOENT, wrong type EINVAL, no id used up" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "sim_device_alloc,id=5" 'sim_device_alloc: ENOENT'
	step "sim_device_alloc,model=tegra241,id=5" 'sim_device_alloc: ENOENT'
	step "sim_device_alloc" 'sim_device_alloc: ok out_stdev_id=2 out_hwpt_id=0 out_idev_id=3'
	step "sim_device_alloc,id=2" 'sim_device_alloc: EINVAL'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=4'
	run_steps
}

@test "SIM DEVICE_ALLOC: unknown model or non-zero flags are EOPNOTSUPP" {
	steps
	step "sim_device_alloc,model=2" 'sim_device_alloc: EOPNOTSUPP'
	step "sim_device_alloc,model=0xffffffff" 'sim_device_alloc: EOPNOTSUPP'
	step "sim_device_alloc,flags=1" 'sim_device_alloc: EOPNOTSUPP'
	step "sim_device_alloc,model=tegra241,flags=0x80000000" 'sim_device_alloc: EOPNOTSUPP'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	run_steps
}

@test "IOMMUFD_SIM_CMD: non-zero __reserved and unknown ops are EOPNOTSUPP" {
	steps
	step "sim_device_alloc,__reserved=1" 'sim_device_alloc: EOPNOTSUPP'
	step "sim_cmd,op=0" 'sim_cmd: EOPNOTSUPP'
	step "sim_cmd,op=0x10000" 'sim_cmd: EOPNOTSUPP'
	step "sim_cmd,op=0xffffffff" 'sim_cmd: EOPNOTSUPP'
	run_steps
}

@test "IOMMUFD_SIM_CMD: size 67 is EINVAL, 68 works, a non-zero byte past 72 is E2BIG" {
	steps
	step "sim_device_alloc,size=67" 'sim_device_alloc: EINVAL'
	step "sim_device_alloc,size=68" \
		'sim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2'
	step "raw,cmd=0x3bc0,size=80,u32@4=1,u32@76=1" 'raw: E2BIG'
	step "raw,cmd=0x3bc0,size=80,u32@4=1" 'raw: ok'
	run_steps
}

@test "two Tegra241 devices of one context cannot share a stream id (EEXIST)" {
	steps
	step "sim_device_alloc,model=tegra241,stream_id=5" \
		'sim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2'
	step "sim_device_alloc,model=tegra241,stream_id=5" 'sim_device_alloc: EEXIST'
	step "sim_device_alloc,model=tegra241,stream_id=6" \
		'sim_device_alloc: ok out_stdev_id=3 out_hwpt_id=0 out_idev_id=4'
	step "sim_device_alloc,model=selftest,stream_id=5" \
		'sim_device_alloc: ok out_stdev_id=5 out_hwpt_id=0 out_idev_id=6'
	step "sim_device_alloc,model=selftest,stream_id=5" \
		'sim_device_alloc: ok out_stdev_id=7 out_hwpt_id=0 out_idev_id=8'
	step "fd=1"
	step "sim_device_alloc,model=tegra241,stream_id=5" \
		'sim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2'
	run_steps
}

@test "a Tegra241 stream id is free again once its device is unplugged" {
	steps
	step "sim_device_alloc,model=tegra241,stream_id=5" \
		'sim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2'
	step "destroy,id=1" 'destroy: ok'
	step "sim_device_alloc,model=tegra241,stream_id=5" \
		'sim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2'
	run_steps
}

@test "selftest and Tegra241 devices never share an auto hwpt or a HWPT" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "sim_device_alloc,model=tegra241,stream_id=1,id=1" \
		'sim_device_alloc: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=5 out_hwpt_id=7 out_idev_id=6'
	step "sim_device_alloc,model=tegra241,stream_id=2,id=1" \
		'sim_device_alloc: ok out_stdev_id=8 out_hwpt_id=4 out_idev_id=9'
	step "$MD,id=4" 'test_mock_domain: EINVAL'
	step "sim_device_alloc,model=tegra241,stream_id=3,id=7" 'sim_device_alloc: EINVAL'
	run_steps
}

# With memory mapped (IOAS_MAP): pins, apertures and alignment

CHECK="test_md_check_refs,uptr=@a,length=0x4000"
MAPA="mem,name=a,len=0x4000 ioas_alloc ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@a,length=0x4000"
MAPA_OUT=$'ioas_alloc: ok out_ioas_id=1\nioas_map: ok iova=0x1000000'

@test "MD_CHECK_REFS: mapped pages carry one pin once a mock device is attached, none after DESTROY" {
	steps
	step "$MAPA" "$MAPA_OUT"
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "$CHECK,refs=1" 'test_md_check_refs: ok'
	step "$CHECK,refs=0" 'test_md_check_refs: EIO'
	step "$CHECK,refs=2" 'test_md_check_refs: EIO'
	step "destroy,id=2" 'destroy: ok'
	step "$CHECK,refs=0" 'test_md_check_refs: ok'
	step "$CHECK,refs=1" 'test_md_check_refs: EIO'
	run_steps
}

@test "MD_CHECK_REFS: two devices on one auto domain still pin once; close unpins" {
	steps
	step "$MAPA" "$MAPA_OUT"
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=5 out_hwpt_id=4 out_idev_id=6'
	step "$CHECK,refs=1" 'test_md_check_refs: ok'
	step "close"
	step "fd=1"
	step "$CHECK,refs=0" 'test_md_check_refs: ok'
	run_steps
}

MAP_CHECK="test_md_check_map,id=4,iova=0x1000000,uptr=@a"

@test "MD_CHECK_MAP: a mock paging HWPT maps each IO page to the user memory behind it" {
	steps
	step "$MAPA" "$MAPA_OUT"
	step "mem,name=b,len=0x4000"
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "$MAP_CHECK,length=0x4000" 'test_md_check_map: ok'
	# IO pages are PAGE_SIZE / 2: half a page in is still the same memory
	step "test_md_check_map,id=4,iova=0x1000800,uptr=@a+0x800,length=0x800" \
		'test_md_check_map: ok'
	# shifted by half a page, or other memory: the first IO page differs
	step "test_md_check_map,id=4,iova=0x1000000,uptr=@a+0x800,length=0x800" \
		'test_md_check_map: EINVAL'
	step "test_md_check_map,id=4,iova=0x1000000,uptr=@b,length=0x1000" \
		'test_md_check_map: EINVAL'
	# the mapping ends at 0x1004000: the IO page after it maps nothing
	step "$MAP_CHECK,length=0x4800" 'test_md_check_map: EINVAL'
	step "test_md_check_map,id=4,iova=0x1004000,uptr=@b,length=0x800" \
		'test_md_check_map: EINVAL'
	step "$MAP_CHECK,length=0" 'test_md_check_map: ok'
	run_steps
}

@test "MD_CHECK_MAP: IOVA, length or uptr off the IO page size, or a wrapping range, is EINVAL" {
	steps
	step "$MAPA" "$MAPA_OUT"
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "test_md_check_map,id=4,iova=0x1000400,uptr=@a+0x400,length=0x800" \
		'test_md_check_map: EINVAL'
	step "$MAP_CHECK,length=0x400" 'test_md_check_map: EINVAL'
	step "test_md_check_map,id=4,iova=0x1000000,uptr=@a+0x400,length=0x800" \
		'test_md_check_map: EINVAL'
	step "test_md_check_map,id=4,iova=0x1000000,uptr=0xfffffffffffff800,length=0x1000" \
		'test_md_check_map: EINVAL'
	# user memory that is not there: get_user_pages' errno
	step "test_md_check_map,id=4,iova=0x1000000,uptr=0x1000,length=0x800" \
		'test_md_check_map: EFAULT'
	run_steps
}

@test "MD_CHECK_MAP: only a paging HWPT (ENOENT otherwise), mapped pages only after attach" {
	steps
	step "$MAPA" "$MAPA_OUT"
	step "test_md_check_map,id=1,iova=0x1000000,uptr=@a,length=0x800" \
		'test_md_check_map: ENOENT'
	step "test_md_check_map,id=99,iova=0x1000000,uptr=@a,length=0x800" \
		'test_md_check_map: ENOENT'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "test_md_check_map,id=3,iova=0x1000000,uptr=@a,length=0x800" \
		'test_md_check_map: ENOENT'
	step "$MAP_CHECK,length=0x800" 'test_md_check_map: ok'
	run_steps
}

@test "MD_CHECK_MAP: a paging HWPT of another IOMMU (Tegra241) is EINVAL" {
	steps
	step "$MAPA" "$MAPA_OUT"
	step "sim_device_alloc,model=tegra241,stream_id=1,id=1" \
		'sim_device_alloc: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	# a whole page: aligned for its 4 KiB IO pages, and mapped as asked
	step "$MAP_CHECK,length=0x1000" 'test_md_check_map: EINVAL'
	run_steps
}

@test "MD_CHECK_REFS: misaligned or overflowing ranges are EINVAL, unmapped memory EFAULT" {
	steps
	step "mem,name=a,len=0x4000"
	step "test_md_check_refs,uptr=@a+1,length=0x1000" 'test_md_check_refs: EINVAL'
	step "test_md_check_refs,uptr=@a,length=0x800" 'test_md_check_refs: EINVAL'
	step "test_md_check_refs,uptr=0xfffffffffffff000,length=0x2000" 'test_md_check_refs: EINVAL'
	step "test_md_check_refs,uptr=@a,length=0" 'test_md_check_refs: ok'
	step "test_md_check_refs,uptr=0x1000,length=0x1000" 'test_md_check_refs: EFAULT'
	run_steps
}

@test "IOVA_RANGES after a mock attach is [0x1000000, 0x7fffffff], alignment 0x800; all again after unplug" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "ioas_iova_ranges,ioas_id=1,num_iovas=4" \
		'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x800 ranges=0x1000000-0x7fffffff'
	step "destroy,id=2" 'destroy: ok'
	step "ioas_iova_ranges,ioas_id=1,num_iovas=4" \
		'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1 ranges=0x0-0xffffffffffffffff'
	run_steps
}

@test "IOVA_RANGES after a Tegra241 attach is [0, 2^48 - 1], alignment PAGE_SIZE" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "sim_device_alloc,model=tegra241,stream_id=1,id=1" \
		'sim_device_alloc: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "ioas_iova_ranges,ioas_id=1,num_iovas=4" \
		'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1000 ranges=0x0-0xffffffffffff'
	run_steps
}

@test "attaching with a mapping outside the aperture is EADDRINUSE and leaves nothing" {
	steps
	step "mem,name=a,len=0x1000"
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000,user_va=@a,length=0x1000" \
		'ioas_map: ok iova=0x1000'
	step "$MD,id=1" 'test_mock_domain: EADDRINUSE'
	step "sim_device_alloc,id=1" 'sim_device_alloc: EADDRINUSE'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	step "ioas_iova_ranges,ioas_id=1,num_iovas=4" \
		'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1 ranges=0x0-0xffffffffffffffff'
	step "sim_device_alloc,model=tegra241,id=1" \
		'sim_device_alloc: ok out_stdev_id=3 out_hwpt_id=5 out_idev_id=4'
	run_steps
}
