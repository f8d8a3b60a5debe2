#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# IOMMU_VIOMMU_ALLOC (spec (c)5), the selftest vIOMMU's driver data (spec (f)
# "Mock behaviour": iommu_copy_struct_{from,to}_user rules, the 2-page
# loopback region) and the vIOMMU's lifetime (spec (e)).

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

# ioas 1, stdev 2, idev 3, auto hwpt 4, nest parent 5
P="ioas_alloc test_mock_domain,id=1 hwpt_alloc,dev_id=3,pt_id=1,flags=1"
P_OUT=$'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nhwpt_alloc: ok out_hwpt_id=5'
V="viommu_alloc,dev_id=3,hwpt_id=5,type=0xdeadbeef"
# struct iommu_viommu_selftest {in_data = 0xbeef}, 24 bytes
D="data=0xbeef:0:0:0:0:0"

@test "VIOMMU_ALLOC on a nest parent returns the next id" {
	run iofd $P $V $V ioas_alloc
	expect_output "$P_OUT"$'\nviommu_alloc: ok out_viommu_id=6\nviommu_alloc: ok out_viommu_id=7\nioas_alloc: ok out_ioas_id=8'
}

@test "VIOMMU_ALLOC: flags is EOPNOTSUPP before the device lookup" {
	run iofd $P "$V,flags=1" "$V,flags=0x80000000" viommu_alloc,dev_id=99,hwpt_id=99,type=0xdeadbeef,flags=1
	expect_output "$P_OUT"$'\nviommu_alloc: EOPNOTSUPP\nviommu_alloc: EOPNOTSUPP\nviommu_alloc: EOPNOTSUPP'
}

@test "VIOMMU_ALLOC: type DEFAULT is EOPNOTSUPP before the device lookup" {
	run iofd $P viommu_alloc,dev_id=3,hwpt_id=5,type=0 viommu_alloc,dev_id=99,hwpt_id=99,type=0
	expect_output "$P_OUT"$'\nviommu_alloc: EOPNOTSUPP\nviommu_alloc: EOPNOTSUPP'
}

@test "VIOMMU_ALLOC: __reserved is not checked, as upstream" {
	run iofd $P "$V,__reserved=0xffffffff"
	expect_output "$P_OUT"$'\nviommu_alloc: ok out_viommu_id=6'
}

@test "VIOMMU_ALLOC: a dev_id that is not a device is ENOENT, before the type and hwpt checks" {
	run iofd $P viommu_alloc,dev_id=99,hwpt_id=99,type=0xdead viommu_alloc,dev_id=0,hwpt_id=5,type=0xdeadbeef viommu_alloc,dev_id=2,hwpt_id=5,type=0xdeadbeef viommu_alloc,dev_id=5,hwpt_id=5,type=0xdeadbeef
	expect_output "$P_OUT"$'\nviommu_alloc: ENOENT\nviommu_alloc: ENOENT\nviommu_alloc: ENOENT\nviommu_alloc: ENOENT'
}

@test "VIOMMU_ALLOC: a type the mock IOMMU lacks is EOPNOTSUPP, before the hwpt lookup" {
	run iofd $P viommu_alloc,dev_id=3,hwpt_id=5,type=0xdead viommu_alloc,dev_id=3,hwpt_id=99,type=1 viommu_alloc,dev_id=3,hwpt_id=99,type=2
	expect_output "$P_OUT"$'\nviommu_alloc: EOPNOTSUPP\nviommu_alloc: EOPNOTSUPP\nviommu_alloc: EOPNOTSUPP'
}

@test "VIOMMU_ALLOC on a Tegra241 device: ARM_SMMUV3 and TEGRA241_CMDQV (which needs data), not the selftest type" {
	run iofd ioas_alloc sim_device_alloc,model=1,stream_id=1 hwpt_alloc,dev_id=3,pt_id=1,flags=1 viommu_alloc,dev_id=3,hwpt_id=4,type=1 viommu_alloc,dev_id=3,hwpt_id=4,type=2 viommu_alloc,dev_id=3,hwpt_id=4,type=0xdeadbeef
	expect_output $'ioas_alloc: ok out_ioas_id=1\nsim_device_alloc: ok out_stdev_id=2 out_hwpt_id=0 out_idev_id=3\nhwpt_alloc: ok out_hwpt_id=4\nviommu_alloc: ok out_viommu_id=5\nviommu_alloc: EINVAL\nviommu_alloc: EOPNOTSUPP'
}

@test "VIOMMU_ALLOC: a hwpt_id that is not a HWPT_PAGING is ENOENT" {
	run iofd $P viommu_alloc,dev_id=3,hwpt_id=0,type=0xdeadbeef viommu_alloc,dev_id=3,hwpt_id=99,type=0xdeadbeef viommu_alloc,dev_id=3,hwpt_id=1,type=0xdeadbeef viommu_alloc,dev_id=3,hwpt_id=3,type=0xdeadbeef $V viommu_alloc,dev_id=3,hwpt_id=6,type=0xdeadbeef
	expect_output "$P_OUT"$'\nviommu_alloc: ENOENT\nviommu_alloc: ENOENT\nviommu_alloc: ENOENT\nviommu_alloc: ENOENT\nviommu_alloc: ok out_viommu_id=6\nviommu_alloc: ENOENT'
}

@test "VIOMMU_ALLOC: a HWPT_PAGING that is not a nest parent is EINVAL, an auto domain too" {
	run iofd $P hwpt_alloc,dev_id=3,pt_id=1 viommu_alloc,dev_id=3,hwpt_id=6,type=0xdeadbeef viommu_alloc,dev_id=3,hwpt_id=4,type=0xdeadbeef destroy,id=6 ioas_alloc
	expect_output "$P_OUT"$'\nhwpt_alloc: ok out_hwpt_id=6\nviommu_alloc: EINVAL\nviommu_alloc: EINVAL\ndestroy: ok\nioas_alloc: ok out_ioas_id=6'
}

@test "VIOMMU_ALLOC: a Tegra241 nest parent cannot back a selftest vIOMMU (EINVAL)" {
	run iofd ioas_alloc ioas_alloc test_mock_domain,id=1 sim_device_alloc,model=1,stream_id=1 hwpt_alloc,dev_id=7,pt_id=2,flags=1 viommu_alloc,dev_id=4,hwpt_id=8,type=0xdeadbeef
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_alloc: ok out_ioas_id=2\ntest_mock_domain: ok out_stdev_id=3 out_hwpt_id=5 out_idev_id=4\nsim_device_alloc: ok out_stdev_id=6 out_hwpt_id=0 out_idev_id=7\nhwpt_alloc: ok out_hwpt_id=8\nviommu_alloc: EINVAL'
}

@test "a vIOMMU holds its nest parent: DESTROY of the parent is EBUSY until the vIOMMU is gone" {
	run iofd $P $V destroy,id=5 destroy,id=6 destroy,id=5
	expect_output "$P_OUT"$'\nviommu_alloc: ok out_viommu_id=6\ndestroy: EBUSY\ndestroy: ok\ndestroy: ok'
}

@test "VIOMMU_ALLOC: size 23 is EINVAL, 24 (up to out_viommu_id) works, a non-zero tail is E2BIG" {
	run iofd $P "$V,size=23" "$V,size=24" raw,cmd=0x3b90,size=48,u32@8=0xdeadbeef,u32@12=3,u32@16=5,u32@44=1
	expect_output "$P_OUT"$'\nviommu_alloc: EINVAL\nviommu_alloc: ok out_viommu_id=6\nraw: E2BIG'
}

@test "selftest vIOMMU data: out_data echoes in_data and the 2-page region is reported at offset PAGE_SIZE" {
	run iofd $P "$V,$D"
	expect_output "$P_OUT"$'\nviommu_alloc: ok out_viommu_id=6 data=0xbeef:0xbeef:0x1000:0x0:0x2000:0x0'
}

@test "selftest vIOMMU data: the region's first u32 holds in_data and the rest is zero" {
	run iofd $P "$V,$D" mmap,name=m,off=4096,len=8192 peek,name=m peek,name=m,off=4 peek,name=m,off=8188
	expect_output "$P_OUT"$'\nviommu_alloc: ok out_viommu_id=6 data=0xbeef:0xbeef:0x1000:0x0:0x2000:0x0\nmmap: ok\npeek: 0xbeef\npeek: 0x0\npeek: 0x0'
}

@test "selftest vIOMMU data: each vIOMMU gets its own region, at the next free offset" {
	run iofd $P "$V,$D" "$V,data=7:0:0:0:0:0" mmap,name=m,off=12288,len=8192 peek,name=m
	expect_output "$P_OUT"$'\nviommu_alloc: ok out_viommu_id=6 data=0xbeef:0xbeef:0x1000:0x0:0x2000:0x0\nviommu_alloc: ok out_viommu_id=7 data=0x7:0x7:0x3000:0x0:0x2000:0x0\nmmap: ok\npeek: 0x7'
}

@test "selftest vIOMMU data: 8 bytes (up to out_data) are enough and nothing past them is written" {
	run iofd $P "$V,data=0x1234:0xa5a5a5a5:0xa5a5a5a5,data_len=8"
	expect_output "$P_OUT"$'\nviommu_alloc: ok out_viommu_id=6 data=0x1234:0x1234:0xa5a5a5a5'
}

@test "selftest vIOMMU data: fewer than 8 bytes are EINVAL and use up no id" {
	run iofd $P "$V,data=0xbeef" "$V,data=0xbeef:0,data_len=7" ioas_alloc
	expect_output "$P_OUT"$'\nviommu_alloc: EINVAL\nviommu_alloc: EINVAL\nioas_alloc: ok out_ioas_id=6'
}

@test "selftest vIOMMU data: a longer struct with a non-zero tail is E2BIG" {
	run iofd $P "$V,data=0xbeef:0:0:0:0:0:0:1" ioas_alloc
	expect_output "$P_OUT"$'\nviommu_alloc: E2BIG\nioas_alloc: ok out_ioas_id=6'
}

@test "selftest vIOMMU data: a longer zero-tailed struct is read but cannot be written back (EINVAL), leaving no region" {
	run iofd $P "$V,data=0xbeef:0:0:0:0:0:0:0" "$V,$D" ioas_alloc
	expect_output "$P_OUT"$'\nviommu_alloc: EINVAL\nviommu_alloc: ok out_viommu_id=6 data=0xbeef:0xbeef:0x1000:0x0:0x2000:0x0\nioas_alloc: ok out_ioas_id=7'
}

@test "selftest vIOMMU data: an unreadable data_uptr is EFAULT" {
	run iofd $P "$V,data_uptr=8,data_len=24" ioas_alloc
	expect_output "$P_OUT"$'\nviommu_alloc: EFAULT\nioas_alloc: ok out_ioas_id=6'
}

@test "selftest vIOMMU data: the region is mapped while the vIOMMU lives and gone after DESTROY" {
	run iofd $P "$V,$D" mmap,name=m,off=4096,len=8192 destroy,id=6 munmap,name=m destroy,id=6 mmap,name=n,off=4096,len=8192
	expect_output "$P_OUT"$'\nviommu_alloc: ok out_viommu_id=6 data=0xbeef:0xbeef:0x1000:0x0:0x2000:0x0\nmmap: ok\ndestroy: EBUSY\ndestroy: ok\nmmap: ENXIO'
}

@test "a vIOMMU without data has no mmap region" {
	run iofd $P $V mmap,name=m,off=4096,len=8192
	expect_output "$P_OUT"$'\nviommu_alloc: ok out_viommu_id=6\nmmap: ENXIO'
}

@test "closing the fd frees vIOMMUs, their regions, nested HWPTs and vDEVICEs" {
	run iofd $P "$V,$D" hwpt_alloc,dev_id=3,pt_id=6,data_type=0xdead,data=1 vdevice_alloc,viommu_id=6,dev_id=3,virt_id=1 test_mock_domain_replace,id=2,pt_id=7
	expect_output "$P_OUT"$'\nviommu_alloc: ok out_viommu_id=6 data=0xbeef:0xbeef:0x1000:0x0:0x2000:0x0\nhwpt_alloc: ok out_hwpt_id=7 data=0x1\nvdevice_alloc: ok out_vdevice_id=8\ntest_mock_domain_replace: ok pt_id=7'
	run live_objects
	expect_output 0
}
