#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# IOMMU_GET_HW_INFO (spec (c)4, fact sheet item 10) on mock and Tegra241
# devices, and the module parameters behind the Tegra241 data.

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

# a mock device: stdev 1, idev 2
MOCK=sim_device_alloc
MOCK_OUT='sim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2'
# a Tegra241 device: stdev 1, idev 2
TEGRA=sim_device_alloc,model=1,stream_id=0x100
TEGRA_OUT=$MOCK_OUT
ST_TYPE=0xfeedbeef	# IOMMU_HW_INFO_TYPE_SELFTEST
ST_DATA=00000000efbeadde	# {flags 0, test_reg 0xdeadbeef}
# struct iommu_hw_info_arm_smmuv3 {flags, __reserved, idr[6], iidr, aidr}
# with the defaults (IDR1.CMDQS 19)
SMMU_DATA=00000000000000001b360c0d14057302000000000404000000000000750000006b03000002000000

@test "mock device: 8 bytes of selftest data, type 0xfeedbeef, dirty tracking, no PASID" {
	run iofd $MOCK get_hw_info,dev_id=2,data_len=8,buf=8
	expect_output "$MOCK_OUT"$'\n'"get_hw_info: ok data_len=8 out_data_type=$ST_TYPE out_max_pasid_log2=0 out_capabilities=1 buf=$ST_DATA"
}

@test "a larger buffer gets the data and the rest cleared; data_len says 8" {
	run iofd $MOCK get_hw_info,dev_id=2,data_len=16,buf=16
	expect_output "$MOCK_OUT"$'\n'"get_hw_info: ok data_len=8 out_data_type=$ST_TYPE out_max_pasid_log2=0 out_capabilities=1 buf=${ST_DATA}0000000000000000"
}

@test "a smaller buffer gets the first data_len bytes; data_len says 8" {
	run iofd $MOCK get_hw_info,dev_id=2,data_len=5,buf=8
	expect_output "$MOCK_OUT"$'\n'"get_hw_info: ok data_len=8 out_data_type=$ST_TYPE out_max_pasid_log2=0 out_capabilities=1 buf=00000000efa5a5a5"
}

@test "data_len 0 with no buffer works and reports the length" {
	run iofd $MOCK get_hw_info,dev_id=2
	expect_output "$MOCK_OUT"$'\n'"get_hw_info: ok data_len=8 out_data_type=$ST_TYPE out_max_pasid_log2=0 out_capabilities=1"
}

@test "data_len with an unusable data_uptr is EFAULT" {
	run iofd $MOCK get_hw_info,dev_id=2,data_len=8 get_hw_info,dev_id=2,data_len=8,data_uptr=0xfffffffffffff000
	expect_output "$MOCK_OUT"$'\nget_hw_info: EFAULT\nget_hw_info: EFAULT'
}

@test "NO_DIRTY clears the dirty capability, PASID reports 20 bits" {
	run iofd ioas_alloc test_mock_domain_flags,id=1,dev_flags=1 test_mock_domain_flags,id=1,dev_flags=4 get_hw_info,dev_id=3 get_hw_info,dev_id=6
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain_flags: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\ntest_mock_domain_flags: ok out_stdev_id=5 out_hwpt_id=4 out_idev_id=6\n'"get_hw_info: ok data_len=8 out_data_type=$ST_TYPE out_max_pasid_log2=0 out_capabilities=0"$'\n'"get_hw_info: ok data_len=8 out_data_type=$ST_TYPE out_max_pasid_log2=20 out_capabilities=1"
}

@test "unknown flags are EOPNOTSUPP, before the device lookup" {
	run iofd $MOCK get_hw_info,dev_id=2,flags=2 get_hw_info,dev_id=99,flags=0x80000000
	expect_output "$MOCK_OUT"$'\nget_hw_info: EOPNOTSUPP\nget_hw_info: EOPNOTSUPP'
}

@test "each non-zero __reserved byte is EOPNOTSUPP, before the device lookup" {
	run iofd $MOCK get_hw_info,dev_id=2,__reserved0=1 get_hw_info,dev_id=2,__reserved1=0x80 get_hw_info,dev_id=99,__reserved2=0xff
	expect_output "$MOCK_OUT"$'\nget_hw_info: EOPNOTSUPP\nget_hw_info: EOPNOTSUPP\nget_hw_info: EOPNOTSUPP'
}

@test "a dev_id that is not a device (missing, IOAS, stdev, HWPT) is ENOENT" {
	run iofd ioas_alloc test_mock_domain,id=1 get_hw_info,dev_id=99 get_hw_info,dev_id=0 get_hw_info,dev_id=1 get_hw_info,dev_id=2 get_hw_info,dev_id=4
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nget_hw_info: ENOENT\nget_hw_info: ENOENT\nget_hw_info: ENOENT\nget_hw_info: ENOENT\nget_hw_info: ENOENT'
}

@test "mock device: INPUT_TYPE selftest works, any other type is EOPNOTSUPP" {
	run iofd $MOCK get_hw_info,dev_id=2,flags=1,in_data_type=0xfeedbeef,data_len=8,buf=8 get_hw_info,dev_id=2,flags=1,in_data_type=0,data_len=8,buf=8 get_hw_info,dev_id=2,flags=1,in_data_type=2 get_hw_info,dev_id=2,flags=1,in_data_type=3
	expect_output "$MOCK_OUT"$'\n'"get_hw_info: ok data_len=8 out_data_type=$ST_TYPE out_max_pasid_log2=0 out_capabilities=1 buf=$ST_DATA"$'\n'"get_hw_info: ok data_len=8 out_data_type=$ST_TYPE out_max_pasid_log2=0 out_capabilities=1 buf=$ST_DATA"$'\nget_hw_info: EOPNOTSUPP\nget_hw_info: EOPNOTSUPP'
}

@test "without INPUT_TYPE the type field is ignored" {
	run iofd $MOCK get_hw_info,dev_id=2,in_data_type=3
	expect_output "$MOCK_OUT"$'\n'"get_hw_info: ok data_len=8 out_data_type=$ST_TYPE out_max_pasid_log2=0 out_capabilities=1"
}

@test "GET_HW_INFO: size 31 is EINVAL, 32 works without out_capabilities, E2BIG past 40" {
	run iofd $MOCK get_hw_info,dev_id=2,size=31 raw,cmd=0x3b8a,size=32,len=40,u32@8=2,u64@32=0x1234,dump raw,cmd=0x3b8a,size=48,u32@8=2,u32@44=1
	expect_output "$MOCK_OUT"$'\nget_hw_info: EINVAL\nraw: ok out=200000000000000002000000080000000000000000000000efbeedfe000000003412000000000000\nraw: E2BIG'
}

@test "Tegra241 device: default type is ARM_SMMUV3 with the documented ID registers" {
	run iofd $TEGRA get_hw_info,dev_id=2,data_len=40,buf=40 get_hw_info,dev_id=2,flags=1,in_data_type=2,data_len=40,buf=40
	expect_output "$TEGRA_OUT"$'\n'"get_hw_info: ok data_len=40 out_data_type=0x2 out_max_pasid_log2=0 out_capabilities=0 buf=$SMMU_DATA"$'\n'"get_hw_info: ok data_len=40 out_data_type=0x2 out_max_pasid_log2=0 out_capabilities=0 buf=$SMMU_DATA"
}

@test "Tegra241 device: INPUT_TYPE TEGRA241_CMDQV gives version 1, log2vcmdqs 1, log2vsids 4" {
	run iofd $TEGRA get_hw_info,dev_id=2,flags=1,in_data_type=3,data_len=12,buf=12
	expect_output "$TEGRA_OUT"$'\n'"get_hw_info: ok data_len=8 out_data_type=0x3 out_max_pasid_log2=0 out_capabilities=0 buf=000000000101040000000000"
}

@test "Tegra241 device: VT-d, selftest and unknown types are EOPNOTSUPP" {
	run iofd $TEGRA get_hw_info,dev_id=2,flags=1,in_data_type=1 get_hw_info,dev_id=2,flags=1,in_data_type=0xfeedbeef get_hw_info,dev_id=2,flags=1,in_data_type=4
	expect_output "$TEGRA_OUT"$'\nget_hw_info: EOPNOTSUPP\nget_hw_info: EOPNOTSUPP\nget_hw_info: EOPNOTSUPP'
}

@test "module parameters shape the Tegra241 data and are visible read-only" {
	load_module cmdqv_num_vintfs=8 cmdqv_lvcmdqs_per_vintf=8 cmdqv_log2_vsids=6 smmu_cmdqs=8
	run cat /sys/module/iommufd_sim/parameters/cmdqv_num_vintfs /sys/module/iommufd_sim/parameters/cmdqv_lvcmdqs_per_vintf /sys/module/iommufd_sim/parameters/cmdqv_log2_vsids /sys/module/iommufd_sim/parameters/smmu_cmdqs
	expect_output $'8\n8\n6\n8'
	run stat -c %a /sys/module/iommufd_sim/parameters/smmu_cmdqs
	expect_output "444"
	run iofd $TEGRA get_hw_info,dev_id=2,flags=1,in_data_type=3,data_len=8,buf=8 get_hw_info,dev_id=2,data_len=40,buf=40
	expect_output "$TEGRA_OUT"$'\nget_hw_info: ok data_len=8 out_data_type=0x3 out_max_pasid_log2=0 out_capabilities=0 buf=0000000001030600\nget_hw_info: ok data_len=40 out_data_type=0x2 out_max_pasid_log2=0 out_capabilities=0 buf=00000000000000001b360c0d14051301000000000404000000000000750000006b03000002000000'
	load_module
}

@test "the defaults are 4 VINTFs, 2 LVCMDQs each, 16 SIDs, CMDQS 19" {
	load_module
	run cat /sys/module/iommufd_sim/parameters/cmdqv_num_vintfs /sys/module/iommufd_sim/parameters/cmdqv_lvcmdqs_per_vintf /sys/module/iommufd_sim/parameters/cmdqv_log2_vsids /sys/module/iommufd_sim/parameters/smmu_cmdqs
	expect_output $'4\n2\n4\n19'
}

@test "invalid topology parameters refuse to load with a message" {
	local p
	for p in cmdqv_num_vintfs=1 cmdqv_num_vintfs=3 cmdqv_num_vintfs=128 \
		 cmdqv_lvcmdqs_per_vintf=1 cmdqv_lvcmdqs_per_vintf=6 \
		 "cmdqv_lvcmdqs_per_vintf=4 cmdqv_num_vintfs=64" \
		 cmdqv_log2_vsids=3 cmdqv_log2_vsids=16 smmu_cmdqs=0 smmu_cmdqs=20; do
		unload_module
		dmesg_mark
		# shellcheck disable=SC2086 # two parameters in one case
		run kmodctl insert "$KO" $p
		[ "$output" = EINVAL ] || { echo "$p: $output" >&2; return 1; }
		dmesg_since_mark | grep -q "iommufd_sim: ${p%%=*}=" || { echo "$p: no message" >&2; dmesg_since_mark >&2; return 1; }
	done
	load_module
}
