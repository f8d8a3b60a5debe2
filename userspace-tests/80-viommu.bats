#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# IOMMU_VIOMMU_ALLOC (README.md), the selftest vIOMMU's driver data (upstream's
# selftest mock: iommu_copy_struct_{from,to}_user rules, the 2-page
# loopback region) and the vIOMMU's lifetime (README.md,
# "Supported ioctls" and "The mmap contract").

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

# ioas 1, stdev 2, idev 3, auto hwpt 4, nest parent 5
P="ioas_alloc test_mock_domain,id=1 hwpt_alloc,dev_id=3,pt_id=1,flags=nest_parent"
P_OUT=$'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nhwpt_alloc: ok out_hwpt_id=5'
V="viommu_alloc,dev_id=3,hwpt_id=5,type=selftest"
# struct iommu_viommu_selftest {in_data = 0xbeef}, 24 bytes
D="data=0xbeef:0:0:0:0:0"

@test "VIOMMU_ALLOC on a nest parent returns the next id" {
	steps
	step "$P" "$P_OUT"
	step "$V" 'viommu_alloc: ok out_viommu_id=6'
	step "$V" 'viommu_alloc: ok out_viommu_id=7'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=8'
	run_steps
}

@test "VIOMMU_ALLOC: flags is EOPNOTSUPP before the device lookup" {
	steps
	step "$P" "$P_OUT"
	step "$V,flags=1" 'viommu_alloc: EOPNOTSUPP'
	step "$V,flags=0x80000000" 'viommu_alloc: EOPNOTSUPP'
	step "viommu_alloc,dev_id=99,hwpt_id=99,type=selftest,flags=1" 'viommu_alloc: EOPNOTSUPP'
	run_steps
}

@test "VIOMMU_ALLOC: type DEFAULT is EOPNOTSUPP before the device lookup" {
	steps
	step "$P" "$P_OUT"
	step "viommu_alloc,dev_id=3,hwpt_id=5,type=default" 'viommu_alloc: EOPNOTSUPP'
	step "viommu_alloc,dev_id=99,hwpt_id=99,type=default" 'viommu_alloc: EOPNOTSUPP'
	run_steps
}

@test "VIOMMU_ALLOC: __reserved is not checked, as upstream" {
	steps
	step "$P" "$P_OUT"
	step "$V,__reserved=0xffffffff" 'viommu_alloc: ok out_viommu_id=6'
	run_steps
}

@test "VIOMMU_ALLOC: a dev_id that is not a device is ENOENT, before the type and hwpt checks" {
	steps
	step "$P" "$P_OUT"
	step "viommu_alloc,dev_id=99,hwpt_id=99,type=0xdead" 'viommu_alloc: ENOENT'
	step "viommu_alloc,dev_id=0,hwpt_id=5,type=selftest" 'viommu_alloc: ENOENT'
	step "viommu_alloc,dev_id=2,hwpt_id=5,type=selftest" 'viommu_alloc: ENOENT'
	step "viommu_alloc,dev_id=5,hwpt_id=5,type=selftest" 'viommu_alloc: ENOENT'
	run_steps
}

@test "VIOMMU_ALLOC: a type the mock IOMMU lacks is EOPNOTSUPP, before the hwpt lookup" {
	steps
	step "$P" "$P_OUT"
	step "viommu_alloc,dev_id=3,hwpt_id=5,type=0xdead" 'viommu_alloc: EOPNOTSUPP'
	step "viommu_alloc,dev_id=3,hwpt_id=99,type=arm_smmuv3" 'viommu_alloc: EOPNOTSUPP'
	step "viommu_alloc,dev_id=3,hwpt_id=99,type=tegra241_cmdqv" 'viommu_alloc: EOPNOTSUPP'
	run_steps
}

@test "VIOMMU_ALLOC on a Tegra241 device: ARM_SMMUV3 and TEGRA241_CMDQV (which needs data), not the selftest type" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "sim_device_alloc,model=tegra241,stream_id=1" \
		'sim_device_alloc: ok out_stdev_id=2 out_hwpt_id=0 out_idev_id=3'
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=nest_parent" 'hwpt_alloc: ok out_hwpt_id=4'
	step "viommu_alloc,dev_id=3,hwpt_id=4,type=arm_smmuv3" 'viommu_alloc: ok out_viommu_id=5'
	step "viommu_alloc,dev_id=3,hwpt_id=4,type=tegra241_cmdqv" 'viommu_alloc: EINVAL'
	step "viommu_alloc,dev_id=3,hwpt_id=4,type=selftest" 'viommu_alloc: EOPNOTSUPP'
	run_steps
}

@test "VIOMMU_ALLOC: a hwpt_id that is not a HWPT_PAGING is ENOENT" {
	steps
	step "$P" "$P_OUT"
	step "viommu_alloc,dev_id=3,hwpt_id=0,type=selftest" 'viommu_alloc: ENOENT'
	step "viommu_alloc,dev_id=3,hwpt_id=99,type=selftest" 'viommu_alloc: ENOENT'
	step "viommu_alloc,dev_id=3,hwpt_id=1,type=selftest" 'viommu_alloc: ENOENT'
	step "viommu_alloc,dev_id=3,hwpt_id=3,type=selftest" 'viommu_alloc: ENOENT'
	step "$V" 'viommu_alloc: ok out_viommu_id=6'
	step "viommu_alloc,dev_id=3,hwpt_id=6,type=selftest" 'viommu_alloc: ENOENT'
	run_steps
}

@test "VIOMMU_ALLOC: a HWPT_PAGING that is not a nest parent is EINVAL, an auto domain too" {
	steps
	step "$P" "$P_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=1" 'hwpt_alloc: ok out_hwpt_id=6'
	step "viommu_alloc,dev_id=3,hwpt_id=6,type=selftest" 'viommu_alloc: EINVAL'
	step "viommu_alloc,dev_id=3,hwpt_id=4,type=selftest" 'viommu_alloc: EINVAL'
	step "destroy,id=6" 'destroy: ok'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=6'
	run_steps
}

@test "VIOMMU_ALLOC: a Tegra241 nest parent cannot back a selftest vIOMMU (EINVAL)" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	step "test_mock_domain,id=1" \
		'test_mock_domain: ok out_stdev_id=3 out_hwpt_id=5 out_idev_id=4'
	step "sim_device_alloc,model=tegra241,stream_id=1" \
		'sim_device_alloc: ok out_stdev_id=6 out_hwpt_id=0 out_idev_id=7'
	step "hwpt_alloc,dev_id=7,pt_id=2,flags=nest_parent" 'hwpt_alloc: ok out_hwpt_id=8'
	step "viommu_alloc,dev_id=4,hwpt_id=8,type=selftest" 'viommu_alloc: EINVAL'
	run_steps
}

@test "a vIOMMU holds its nest parent: DESTROY of the parent is EBUSY until the vIOMMU is gone" {
	steps
	step "$P" "$P_OUT"
	step "$V" 'viommu_alloc: ok out_viommu_id=6'
	step "destroy,id=5" 'destroy: EBUSY'
	step "destroy,id=6" 'destroy: ok'
	step "destroy,id=5" 'destroy: ok'
	run_steps
}

@test "VIOMMU_ALLOC: size 23 is EINVAL, 24 (up to out_viommu_id) works, a non-zero tail is E2BIG" {
	steps
	step "$P" "$P_OUT"
	step "$V,size=23" 'viommu_alloc: EINVAL'
	step "$V,size=24" 'viommu_alloc: ok out_viommu_id=6'
	step "raw,cmd=0x3b90,size=48,u32@8=0xdeadbeef,u32@12=3,u32@16=5,u32@44=1" 'raw: E2BIG'
	run_steps
}

@test "selftest vIOMMU data: out_data echoes in_data and the 2-page region is reported at offset PAGE_SIZE" {
	steps
	step "$P" "$P_OUT"
	step "$V,$D" 'viommu_alloc: ok out_viommu_id=6 data=0xbeef:0xbeef:0x1000:0x0:0x2000:0x0'
	run_steps
}

@test "selftest vIOMMU data: the region's first u32 holds in_data and the rest is zero" {
	steps
	step "$P" "$P_OUT"
	step "$V,$D" 'viommu_alloc: ok out_viommu_id=6 data=0xbeef:0xbeef:0x1000:0x0:0x2000:0x0'
	step "mmap,name=m,off=4096,len=8192" 'mmap: ok'
	step "peek,name=m" 'peek: 0xbeef'
	step "peek,name=m,off=4" 'peek: 0x0'
	step "peek,name=m,off=8188" 'peek: 0x0'
	run_steps
}

@test "selftest vIOMMU data: each vIOMMU gets its own region, at the next free offset" {
	steps
	step "$P" "$P_OUT"
	step "$V,$D" 'viommu_alloc: ok out_viommu_id=6 data=0xbeef:0xbeef:0x1000:0x0:0x2000:0x0'
	step "$V,data=7:0:0:0:0:0" \
		'viommu_alloc: ok out_viommu_id=7 data=0x7:0x7:0x3000:0x0:0x2000:0x0'
	step "mmap,name=m,off=12288,len=8192" 'mmap: ok'
	step "peek,name=m" 'peek: 0x7'
	run_steps
}

@test "selftest vIOMMU data: 8 bytes (up to out_data) are enough and nothing past them is written" {
	steps
	step "$P" "$P_OUT"
	step "$V,data=0x1234:0xa5a5a5a5:0xa5a5a5a5,data_len=8" \
		'viommu_alloc: ok out_viommu_id=6 data=0x1234:0x1234:0xa5a5a5a5'
	run_steps
}

@test "selftest vIOMMU data: fewer than 8 bytes are EINVAL and use up no id" {
	steps
	step "$P" "$P_OUT"
	step "$V,data=0xbeef" 'viommu_alloc: EINVAL'
	step "$V,data=0xbeef:0,data_len=7" 'viommu_alloc: EINVAL'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=6'
	run_steps
}

@test "selftest vIOMMU data: a struct longer than the kernel's is EINVAL, whatever its tail (7.x)" {
	steps
	step "$P" "$P_OUT"
	step "$V,data=0xbeef:0:0:0:0:0:0:1" 'viommu_alloc: EINVAL'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=6'
	run_steps
}

@test "selftest vIOMMU data: a longer zero-tailed struct is EINVAL too, leaving no region" {
	steps
	step "$P" "$P_OUT"
	step "$V,data=0xbeef:0:0:0:0:0:0:0" 'viommu_alloc: EINVAL'
	step "$V,$D" 'viommu_alloc: ok out_viommu_id=6 data=0xbeef:0xbeef:0x1000:0x0:0x2000:0x0'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=7'
	run_steps
}

@test "selftest vIOMMU data: an unreadable data_uptr is EFAULT" {
	steps
	step "$P" "$P_OUT"
	step "$V,data_uptr=8,data_len=24" 'viommu_alloc: EFAULT'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=6'
	run_steps
}

@test "selftest vIOMMU data: the region is mapped while the vIOMMU lives and gone after DESTROY" {
	steps
	step "$P" "$P_OUT"
	step "$V,$D" 'viommu_alloc: ok out_viommu_id=6 data=0xbeef:0xbeef:0x1000:0x0:0x2000:0x0'
	step "mmap,name=m,off=4096,len=8192" 'mmap: ok'
	step "destroy,id=6" 'destroy: EBUSY'
	step "munmap,name=m"
	step "destroy,id=6" 'destroy: ok'
	step "mmap,name=n,off=4096,len=8192" 'mmap: ENXIO'
	run_steps
}

@test "a vIOMMU without data has no mmap region" {
	steps
	step "$P" "$P_OUT"
	step "$V" 'viommu_alloc: ok out_viommu_id=6'
	step "mmap,name=m,off=4096,len=8192" 'mmap: ENXIO'
	run_steps
}

@test "closing the fd frees vIOMMUs, their regions, nested HWPTs and vDEVICEs" {
	steps
	step "$P" "$P_OUT"
	step "$V,$D" 'viommu_alloc: ok out_viommu_id=6 data=0xbeef:0xbeef:0x1000:0x0:0x2000:0x0'
	step "hwpt_alloc,dev_id=3,pt_id=6,data_type=selftest,data=1" \
		'hwpt_alloc: ok out_hwpt_id=7 data=0x1'
	step "vdevice_alloc,viommu_id=6,dev_id=3,virt_id=1" 'vdevice_alloc: ok out_vdevice_id=8'
	step "test_mock_domain_replace,id=2,pt_id=7" 'test_mock_domain_replace: ok pt_id=7'
	run_steps
	run live_objects
	expect_output 0
}
