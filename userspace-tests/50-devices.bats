#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Devices: IOMMU_TEST_CMD (MOCK_DOMAIN, MOCK_DOMAIN_FLAGS, MOCK_DOMAIN_REPLACE,
# the ops we do not implement), IOMMUFD_SIM_CMD DEVICE_ALLOC, auto domains and
# the object lifetimes of spec (e) and fact sheet item 8.

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

MD=test_mock_domain

@test "MOCK_DOMAIN on an IOAS allocates stdev, idev, auto hwpt in that order" {
	run iofd ioas_alloc $MD,id=1
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
}

@test "a second mock device on the same IOAS reuses its auto domain" {
	run iofd ioas_alloc $MD,id=1 $MD,id=1
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\ntest_mock_domain: ok out_stdev_id=5 out_hwpt_id=4 out_idev_id=6'
}

@test "each IOAS gets its own auto domain" {
	run iofd ioas_alloc ioas_alloc $MD,id=1 $MD,id=2
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_alloc: ok out_ioas_id=2\ntest_mock_domain: ok out_stdev_id=3 out_hwpt_id=5 out_idev_id=4\ntest_mock_domain: ok out_stdev_id=6 out_hwpt_id=8 out_idev_id=7'
}

@test "MOCK_DOMAIN on a missing id is ENOENT and uses up no id" {
	run iofd ioas_alloc $MD,id=0 $MD,id=2 $MD,id=0x80000000 ioas_alloc
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ENOENT\ntest_mock_domain: ENOENT\ntest_mock_domain: ENOENT\nioas_alloc: ok out_ioas_id=2'
}

@test "MOCK_DOMAIN on a stdev or idev is EINVAL and uses up no id" {
	run iofd ioas_alloc $MD,id=1 $MD,id=2 $MD,id=3 ioas_alloc
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\ntest_mock_domain: EINVAL\ntest_mock_domain: EINVAL\nioas_alloc: ok out_ioas_id=5'
}

@test "MOCK_DOMAIN on a HWPT_PAGING attaches to it directly" {
	run iofd ioas_alloc $MD,id=1 hwpt_alloc,dev_id=3,pt_id=1 $MD,id=5
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nhwpt_alloc: ok out_hwpt_id=5\ntest_mock_domain: ok out_stdev_id=6 out_hwpt_id=5 out_idev_id=7'
}

@test "an allocated HWPT_PAGING is never picked as an auto domain" {
	run iofd ioas_alloc sim_device_alloc hwpt_alloc,dev_id=3,pt_id=1 $MD,id=1
	expect_output $'ioas_alloc: ok out_ioas_id=1\nsim_device_alloc: ok out_stdev_id=2 out_hwpt_id=0 out_idev_id=3\nhwpt_alloc: ok out_hwpt_id=4\ntest_mock_domain: ok out_stdev_id=5 out_hwpt_id=7 out_idev_id=6'
}

@test "MOCK_DOMAIN_FLAGS accepts NO_DIRTY, HUGE_IOVA and PASID" {
	run iofd ioas_alloc test_mock_domain_flags,id=1,dev_flags=7
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain_flags: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
}

@test "MOCK_DOMAIN_FLAGS with any other flag is EINVAL and uses up no id" {
	run iofd ioas_alloc test_mock_domain_flags,id=1,dev_flags=8 test_mock_domain_flags,id=1,dev_flags=0x80000000 ioas_alloc
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain_flags: EINVAL\ntest_mock_domain_flags: EINVAL\nioas_alloc: ok out_ioas_id=2'
}

@test "a NO_DIRTY device cannot attach to a HWPT with dirty tracking (EINVAL)" {
	run iofd ioas_alloc $MD,id=1 hwpt_alloc,dev_id=3,pt_id=1,flags=2 test_mock_domain_flags,id=5,dev_flags=1 test_mock_domain_flags,id=5,dev_flags=2
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nhwpt_alloc: ok out_hwpt_id=5\ntest_mock_domain_flags: EINVAL\ntest_mock_domain_flags: ok out_stdev_id=6 out_hwpt_id=5 out_idev_id=7'
}

@test "DESTROY of the idev is EBUSY: the stdev holds it" {
	run iofd ioas_alloc $MD,id=1 destroy,id=3
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\ndestroy: EBUSY'
}

@test "DESTROY of the auto hwpt is EBUSY while a device is attached" {
	run iofd ioas_alloc $MD,id=1 destroy,id=4
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\ndestroy: EBUSY'
}

@test "DESTROY of the stdev unplugs: idev and auto hwpt disappear" {
	run iofd ioas_alloc $MD,id=1 destroy,id=2 destroy,id=3 destroy,id=4 ioas_alloc ioas_alloc ioas_alloc
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\ndestroy: ok\ndestroy: ENOENT\ndestroy: ENOENT\nioas_alloc: ok out_ioas_id=2\nioas_alloc: ok out_ioas_id=3\nioas_alloc: ok out_ioas_id=4'
}

@test "the auto hwpt lives until its last device is unplugged" {
	run iofd ioas_alloc $MD,id=1 $MD,id=1 destroy,id=2 destroy,id=4 destroy,id=5 destroy,id=4
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\ntest_mock_domain: ok out_stdev_id=5 out_hwpt_id=4 out_idev_id=6\ndestroy: ok\ndestroy: EBUSY\ndestroy: ok\ndestroy: ENOENT'
}

@test "an allocated HWPT survives the unplug of its devices" {
	run iofd ioas_alloc sim_device_alloc hwpt_alloc,dev_id=3,pt_id=1 $MD,id=4 destroy,id=4 destroy,id=5 destroy,id=4
	expect_output $'ioas_alloc: ok out_ioas_id=1\nsim_device_alloc: ok out_stdev_id=2 out_hwpt_id=0 out_idev_id=3\nhwpt_alloc: ok out_hwpt_id=4\ntest_mock_domain: ok out_stdev_id=5 out_hwpt_id=4 out_idev_id=6\ndestroy: EBUSY\ndestroy: ok\ndestroy: ok'
}

@test "the auto hwpt holds its IOAS (DESTROY of the IOAS is EBUSY)" {
	run iofd ioas_alloc $MD,id=1 destroy,id=1 destroy,id=2 destroy,id=1
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\ndestroy: EBUSY\ndestroy: ok\ndestroy: ok'
}

@test "close with devices and HWPTs alive leaves live_objects 0" {
	start_holder ioas_alloc $MD,id=1 $MD,id=1 hwpt_alloc,dev_id=3,pt_id=1 sim_device_alloc,model=1,stream_id=1,id=1
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
	run iofd ioas_alloc $MD,id=1 hwpt_alloc,dev_id=3,pt_id=1 test_mock_domain_replace,id=2,pt_id=5 destroy,id=4 destroy,id=5
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nhwpt_alloc: ok out_hwpt_id=5\ntest_mock_domain_replace: ok pt_id=5\ndestroy: ENOENT\ndestroy: EBUSY'
}

@test "MOCK_DOMAIN_REPLACE onto the current HWPT changes nothing" {
	run iofd ioas_alloc $MD,id=1 test_mock_domain_replace,id=2,pt_id=4 test_mock_domain_replace,id=2,pt_id=1 destroy,id=4
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\ntest_mock_domain_replace: ok pt_id=4\ntest_mock_domain_replace: ok pt_id=4\ndestroy: EBUSY'
}

@test "MOCK_DOMAIN_REPLACE onto another IOAS creates an auto hwpt there" {
	run iofd ioas_alloc ioas_alloc $MD,id=1 test_mock_domain_replace,id=3,pt_id=2 destroy,id=5 destroy,id=1 destroy,id=2
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_alloc: ok out_ioas_id=2\ntest_mock_domain: ok out_stdev_id=3 out_hwpt_id=5 out_idev_id=4\ntest_mock_domain_replace: ok pt_id=6\ndestroy: ENOENT\ndestroy: ok\ndestroy: EBUSY'
}

@test "MOCK_DOMAIN_REPLACE: missing or non-stdev id is ENOENT, missing pt_id ENOENT, wrong pt_id type EINVAL" {
	run iofd ioas_alloc $MD,id=1 test_mock_domain_replace,id=9,pt_id=1 test_mock_domain_replace,id=3,pt_id=1 test_mock_domain_replace,id=2,pt_id=9 test_mock_domain_replace,id=2,pt_id=3 test_mock_domain_replace,id=2,pt_id=2
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\ntest_mock_domain_replace: ENOENT\ntest_mock_domain_replace: ENOENT\ntest_mock_domain_replace: ENOENT\ntest_mock_domain_replace: EINVAL\ntest_mock_domain_replace: EINVAL'
}

@test "MOCK_DOMAIN_REPLACE of an unattached device is EINVAL and leaves no auto hwpt" {
	run iofd ioas_alloc sim_device_alloc test_mock_domain_replace,id=2,pt_id=1 ioas_alloc destroy,id=1
	expect_output $'ioas_alloc: ok out_ioas_id=1\nsim_device_alloc: ok out_stdev_id=2 out_hwpt_id=0 out_idev_id=3\ntest_mock_domain_replace: EINVAL\nioas_alloc: ok out_ioas_id=4\ndestroy: ok'
}

@test "IOMMU_TEST_CMD ops we do not implement are EOPNOTSUPP" {
	local steps=() expected=() op
	for op in 0 3 5 6 7 8 11 13 15 18 19 20 21 22 23 0xffffffff; do
		steps+=("test_cmd,op=$op")
		expected+=("test_cmd: EOPNOTSUPP")
	done
	run iofd "${steps[@]}"
	expect_output "$(printf '%s\n' "${expected[@]}")"
}

@test "IOMMU_TEST_CMD does not check __reserved, as upstream" {
	run iofd ioas_alloc $MD,id=1,__reserved=0xffffffff
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
}

@test "IOMMU_TEST_CMD: size 67 is EINVAL, 68 works, a non-zero byte past 72 is E2BIG" {
	run iofd ioas_alloc $MD,id=1,size=67 $MD,id=1,size=68 raw,cmd=0x3ba0,size=80,u32@4=2,u32@8=1,u32@72=1 raw,cmd=0x3ba0,size=80,u32@4=2,u32@8=1
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: EINVAL\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nraw: E2BIG\nraw: ok'
}

@test "SET_TEMP_MEMORY_LIMIT: below 12 is EINVAL, 12 and more work" {
	run iofd test_set_temp_memory_limit,limit=0 test_set_temp_memory_limit,limit=11 test_set_temp_memory_limit,limit=12 test_set_temp_memory_limit,limit=65536
	expect_output $'test_set_temp_memory_limit: EINVAL\ntest_set_temp_memory_limit: EINVAL\ntest_set_temp_memory_limit: ok\ntest_set_temp_memory_limit: ok'
}

@test "ADD_RESERVED needs an IOAS (ENOENT otherwise)" {
	run iofd ioas_alloc test_add_reserved,id=2,start=0x1000,length=0x1000 $MD,id=1 test_add_reserved,id=2,start=0x1000,length=0x1000 test_add_reserved,id=1,start=0x1000,length=0x1000
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_add_reserved: ENOENT\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\ntest_add_reserved: ENOENT\ntest_add_reserved: ok'
}

# IOMMUFD_SIM_CMD

@test "SIM DEVICE_ALLOC with id 0 plugs an unattached device" {
	run iofd sim_device_alloc sim_device_alloc,model=1,stream_id=7
	expect_output $'sim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2\nsim_device_alloc: ok out_stdev_id=3 out_hwpt_id=0 out_idev_id=4'
}

@test "SIM DEVICE_ALLOC attaches to an IOAS or a HWPT like MOCK_DOMAIN" {
	run iofd ioas_alloc sim_device_alloc,id=1 sim_device_alloc,id=4 sim_device_alloc,id=1
	expect_output $'ioas_alloc: ok out_ioas_id=1\nsim_device_alloc: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nsim_device_alloc: ok out_stdev_id=5 out_hwpt_id=4 out_idev_id=6\nsim_device_alloc: ok out_stdev_id=7 out_hwpt_id=4 out_idev_id=8'
}

@test "SIM DEVICE_ALLOC: missing id ENOENT, wrong type EINVAL, no id used up" {
	run iofd ioas_alloc sim_device_alloc,id=5 sim_device_alloc,model=1,id=5 sim_device_alloc sim_device_alloc,id=2 ioas_alloc
	expect_output $'ioas_alloc: ok out_ioas_id=1\nsim_device_alloc: ENOENT\nsim_device_alloc: ENOENT\nsim_device_alloc: ok out_stdev_id=2 out_hwpt_id=0 out_idev_id=3\nsim_device_alloc: EINVAL\nioas_alloc: ok out_ioas_id=4'
}

@test "SIM DEVICE_ALLOC: unknown model or non-zero flags are EOPNOTSUPP" {
	run iofd sim_device_alloc,model=2 sim_device_alloc,model=0xffffffff sim_device_alloc,flags=1 sim_device_alloc,model=1,flags=0x80000000 ioas_alloc
	expect_output $'sim_device_alloc: EOPNOTSUPP\nsim_device_alloc: EOPNOTSUPP\nsim_device_alloc: EOPNOTSUPP\nsim_device_alloc: EOPNOTSUPP\nioas_alloc: ok out_ioas_id=1'
}

@test "IOMMUFD_SIM_CMD: non-zero __reserved and unknown ops are EOPNOTSUPP" {
	run iofd sim_device_alloc,__reserved=1 sim_cmd,op=0 sim_cmd,op=0x10000 sim_cmd,op=0xffffffff
	expect_output $'sim_device_alloc: EOPNOTSUPP\nsim_cmd: EOPNOTSUPP\nsim_cmd: EOPNOTSUPP\nsim_cmd: EOPNOTSUPP'
}

@test "IOMMUFD_SIM_CMD: size 67 is EINVAL, 68 works, a non-zero byte past 72 is E2BIG" {
	run iofd sim_device_alloc,size=67 sim_device_alloc,size=68 raw,cmd=0x3bc0,size=80,u32@4=1,u32@76=1 raw,cmd=0x3bc0,size=80,u32@4=1
	expect_output $'sim_device_alloc: EINVAL\nsim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2\nraw: E2BIG\nraw: ok'
}

@test "two Tegra241 devices of one context cannot share a stream id (EEXIST)" {
	run iofd sim_device_alloc,model=1,stream_id=5 sim_device_alloc,model=1,stream_id=5 sim_device_alloc,model=1,stream_id=6 sim_device_alloc,model=0,stream_id=5 sim_device_alloc,model=0,stream_id=5 fd=1 sim_device_alloc,model=1,stream_id=5
	expect_output $'sim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2\nsim_device_alloc: EEXIST\nsim_device_alloc: ok out_stdev_id=3 out_hwpt_id=0 out_idev_id=4\nsim_device_alloc: ok out_stdev_id=5 out_hwpt_id=0 out_idev_id=6\nsim_device_alloc: ok out_stdev_id=7 out_hwpt_id=0 out_idev_id=8\nsim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2'
}

@test "a Tegra241 stream id is free again once its device is unplugged" {
	run iofd sim_device_alloc,model=1,stream_id=5 destroy,id=1 sim_device_alloc,model=1,stream_id=5
	expect_output $'sim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2\ndestroy: ok\nsim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2'
}

@test "selftest and Tegra241 devices never share an auto hwpt or a HWPT" {
	run iofd ioas_alloc sim_device_alloc,model=1,stream_id=1,id=1 $MD,id=1 sim_device_alloc,model=1,stream_id=2,id=1 $MD,id=4 sim_device_alloc,model=1,stream_id=3,id=7
	expect_output $'ioas_alloc: ok out_ioas_id=1\nsim_device_alloc: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\ntest_mock_domain: ok out_stdev_id=5 out_hwpt_id=7 out_idev_id=6\nsim_device_alloc: ok out_stdev_id=8 out_hwpt_id=4 out_idev_id=9\ntest_mock_domain: EINVAL\nsim_device_alloc: EINVAL'
}

# With memory mapped (IOAS_MAP): pins, apertures and alignment

CHECK="test_md_check_refs,uptr=@a,length=0x4000"
MAPA="mem,name=a,len=0x4000 ioas_alloc ioas_map,ioas_id=1,flags=7,iova=0x1000000,user_va=@a,length=0x4000"
MAPA_OUT=$'ioas_alloc: ok out_ioas_id=1\nioas_map: ok iova=0x1000000'

@test "MD_CHECK_REFS: mapped pages carry one pin once a mock device is attached, none after DESTROY" {
	run iofd $MAPA $MD,id=1 $CHECK,refs=1 $CHECK,refs=0 $CHECK,refs=2 destroy,id=2 $CHECK,refs=0 $CHECK,refs=1
	expect_output "$MAPA_OUT"$'\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\ntest_md_check_refs: ok\ntest_md_check_refs: EIO\ntest_md_check_refs: EIO\ndestroy: ok\ntest_md_check_refs: ok\ntest_md_check_refs: EIO'
}

@test "MD_CHECK_REFS: two devices on one auto domain still pin once; close unpins" {
	run iofd $MAPA $MD,id=1 $MD,id=1 $CHECK,refs=1 close fd=1 $CHECK,refs=0
	expect_output "$MAPA_OUT"$'\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\ntest_mock_domain: ok out_stdev_id=5 out_hwpt_id=4 out_idev_id=6\ntest_md_check_refs: ok\ntest_md_check_refs: ok'
}

@test "MD_CHECK_REFS: misaligned or overflowing ranges are EINVAL, unmapped memory EFAULT" {
	run iofd mem,name=a,len=0x4000 test_md_check_refs,uptr=@a+1,length=0x1000 test_md_check_refs,uptr=@a,length=0x800 test_md_check_refs,uptr=0xfffffffffffff000,length=0x2000 test_md_check_refs,uptr=@a,length=0 test_md_check_refs,uptr=0x1000,length=0x1000
	expect_output $'test_md_check_refs: EINVAL\ntest_md_check_refs: EINVAL\ntest_md_check_refs: EINVAL\ntest_md_check_refs: ok\ntest_md_check_refs: EFAULT'
}

@test "IOVA_RANGES after a mock attach is [0x1000000, 0x7fffffff], alignment 0x800; all again after unplug" {
	run iofd ioas_alloc $MD,id=1 ioas_iova_ranges,ioas_id=1,num_iovas=4 destroy,id=2 ioas_iova_ranges,ioas_id=1,num_iovas=4
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x800 ranges=0x1000000-0x7fffffff\ndestroy: ok\nioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1 ranges=0x0-0xffffffffffffffff'
}

@test "IOVA_RANGES after a Tegra241 attach is [0, 2^48 - 1], alignment PAGE_SIZE" {
	run iofd ioas_alloc sim_device_alloc,model=1,stream_id=1,id=1 ioas_iova_ranges,ioas_id=1,num_iovas=4
	expect_output $'ioas_alloc: ok out_ioas_id=1\nsim_device_alloc: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1000 ranges=0x0-0xffffffffffff'
}

@test "attaching with a mapping outside the aperture is EADDRINUSE and leaves nothing" {
	run iofd mem,name=a,len=0x1000 ioas_alloc ioas_map,ioas_id=1,flags=7,iova=0x1000,user_va=@a,length=0x1000 $MD,id=1 sim_device_alloc,id=1 ioas_alloc ioas_iova_ranges,ioas_id=1,num_iovas=4 sim_device_alloc,model=1,id=1
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map: ok iova=0x1000\ntest_mock_domain: EADDRINUSE\nsim_device_alloc: EADDRINUSE\nioas_alloc: ok out_ioas_id=2\nioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1 ranges=0x0-0xffffffffffffffff\nsim_device_alloc: ok out_stdev_id=3 out_hwpt_id=5 out_idev_id=4'
}
