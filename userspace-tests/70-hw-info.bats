#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# IOMMU_GET_HW_INFO (README.md, "The simulated devices") on mock and Tegra241
# devices, and the module parameters behind the Tegra241 data.

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

# a mock device: stdev 1, idev 2
MOCK=sim_device_alloc
MOCK_OUT='sim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2'
# a Tegra241 device: stdev 1, idev 2
TEGRA=sim_device_alloc,model=tegra241,stream_id=0x100
TEGRA_OUT=$MOCK_OUT
ST_TYPE=0xfeedbeef	# IOMMU_HW_INFO_TYPE_SELFTEST
ST_DATA=00000000efbeadde	# {flags 0, test_reg 0xdeadbeef}
# struct iommu_hw_info_arm_smmuv3 {flags, __reserved, idr[6], iidr, aidr}
# with the defaults (IDR1.CMDQS 19)
PARAMS=/sys/module/iommufd_sim/parameters
SMMU_DATA=00000000000000001b360c0d14057302000000000404000000000000750000006b03000002000000
# the same with smmu_cmdqs=8
SMMU_DATA_CMDQS8=00000000000000001b360c0d14051301000000000404000000000000750000006b03000002000000

@test "mock device: 8 bytes of selftest data, type 0xfeedbeef, dirty tracking, no PASID" {
	steps
	step "$MOCK" "$MOCK_OUT"
	step "get_hw_info,dev_id=2,data_len=8,buf=8" \
		'get_hw_info: ok data_len=8 out_data_type=0xfeedbeef out_max_pasid_log2=0 out_capabilities=1 buf=00000000efbeadde'
	run_steps
}

@test "a larger buffer gets the data and the rest cleared; data_len says 8" {
	steps
	step "$MOCK" "$MOCK_OUT"
	step "get_hw_info,dev_id=2,data_len=16,buf=16" \
		'get_hw_info: ok data_len=8 out_data_type=0xfeedbeef out_max_pasid_log2=0 out_capabilities=1 buf=00000000efbeadde0000000000000000'
	run_steps
}

@test "a smaller buffer gets the first data_len bytes; data_len says 8" {
	steps
	step "$MOCK" "$MOCK_OUT"
	step "get_hw_info,dev_id=2,data_len=5,buf=8" \
		'get_hw_info: ok data_len=8 out_data_type=0xfeedbeef out_max_pasid_log2=0 out_capabilities=1 buf=00000000efa5a5a5'
	run_steps
}

@test "data_len 0 with no buffer works and reports the length" {
	steps
	step "$MOCK" "$MOCK_OUT"
	step "get_hw_info,dev_id=2" \
		'get_hw_info: ok data_len=8 out_data_type=0xfeedbeef out_max_pasid_log2=0 out_capabilities=1'
	run_steps
}

@test "data_len with an unusable data_uptr is EFAULT" {
	steps
	step "$MOCK" "$MOCK_OUT"
	step "get_hw_info,dev_id=2,data_len=8" 'get_hw_info: EFAULT'
	step "get_hw_info,dev_id=2,data_len=8,data_uptr=0xfffffffffffff000" 'get_hw_info: EFAULT'
	run_steps
}

@test "NO_DIRTY clears the dirty capability, PASID reports 20 bits" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "test_mock_domain_flags,id=1,dev_flags=1" \
		'test_mock_domain_flags: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "test_mock_domain_flags,id=1,dev_flags=4" \
		'test_mock_domain_flags: ok out_stdev_id=5 out_hwpt_id=4 out_idev_id=6'
	step "get_hw_info,dev_id=3" \
		'get_hw_info: ok data_len=8 out_data_type=0xfeedbeef out_max_pasid_log2=0 out_capabilities=0'
	step "get_hw_info,dev_id=6" \
		'get_hw_info: ok data_len=8 out_data_type=0xfeedbeef out_max_pasid_log2=20 out_capabilities=1'
	run_steps
}

@test "unknown flags are EOPNOTSUPP, before the device lookup" {
	steps
	step "$MOCK" "$MOCK_OUT"
	step "get_hw_info,dev_id=2,flags=2" 'get_hw_info: EOPNOTSUPP'
	step "get_hw_info,dev_id=99,flags=0x80000000" 'get_hw_info: EOPNOTSUPP'
	run_steps
}

@test "each non-zero __reserved byte is EOPNOTSUPP, before the device lookup" {
	steps
	step "$MOCK" "$MOCK_OUT"
	step "get_hw_info,dev_id=2,__reserved0=1" 'get_hw_info: EOPNOTSUPP'
	step "get_hw_info,dev_id=2,__reserved1=0x80" 'get_hw_info: EOPNOTSUPP'
	step "get_hw_info,dev_id=99,__reserved2=0xff" 'get_hw_info: EOPNOTSUPP'
	run_steps
}

@test "a dev_id that is not a device (missing, IOAS, stdev, HWPT) is ENOENT" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "test_mock_domain,id=1" \
		'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "get_hw_info,dev_id=99" 'get_hw_info: ENOENT'
	step "get_hw_info,dev_id=0" 'get_hw_info: ENOENT'
	step "get_hw_info,dev_id=1" 'get_hw_info: ENOENT'
	step "get_hw_info,dev_id=2" 'get_hw_info: ENOENT'
	step "get_hw_info,dev_id=4" 'get_hw_info: ENOENT'
	run_steps
}

@test "mock device: INPUT_TYPE selftest works, any other type is EOPNOTSUPP" {
	steps
	step "$MOCK" "$MOCK_OUT"
	step "get_hw_info,dev_id=2,flags=input_type,in_data_type=selftest,data_len=8,buf=8" \
		'get_hw_info: ok data_len=8 out_data_type=0xfeedbeef out_max_pasid_log2=0 out_capabilities=1 buf=00000000efbeadde'
	step "get_hw_info,dev_id=2,flags=input_type,in_data_type=default,data_len=8,buf=8" \
		'get_hw_info: ok data_len=8 out_data_type=0xfeedbeef out_max_pasid_log2=0 out_capabilities=1 buf=00000000efbeadde'
	step "get_hw_info,dev_id=2,flags=input_type,in_data_type=arm_smmuv3" \
		'get_hw_info: EOPNOTSUPP'
	step "get_hw_info,dev_id=2,flags=input_type,in_data_type=tegra241_cmdqv" \
		'get_hw_info: EOPNOTSUPP'
	run_steps
}

@test "without INPUT_TYPE the type field is ignored" {
	steps
	step "$MOCK" "$MOCK_OUT"
	step "get_hw_info,dev_id=2,in_data_type=tegra241_cmdqv" \
		'get_hw_info: ok data_len=8 out_data_type=0xfeedbeef out_max_pasid_log2=0 out_capabilities=1'
	run_steps
}

@test "GET_HW_INFO: size 31 is EINVAL, 32 works without out_capabilities, E2BIG past 40" {
	steps
	step "$MOCK" "$MOCK_OUT"
	step "get_hw_info,dev_id=2,size=31" 'get_hw_info: EINVAL'
	step "raw,cmd=0x3b8a,size=32,len=40,u32@8=2,u64@32=0x1234,dump" \
		'raw: ok out=200000000000000002000000080000000000000000000000efbeedfe000000003412000000000000'
	step "raw,cmd=0x3b8a,size=48,u32@8=2,u32@44=1" 'raw: E2BIG'
	run_steps
}

@test "Tegra241 device: default type is ARM_SMMUV3 with the documented ID registers" {
	steps
	step "$TEGRA" "$TEGRA_OUT"
	step "get_hw_info,dev_id=2,data_len=40,buf=40" \
		"get_hw_info: ok data_len=40 out_data_type=0x2 out_max_pasid_log2=0 out_capabilities=0 buf=$SMMU_DATA"
	step "get_hw_info,dev_id=2,flags=input_type,in_data_type=arm_smmuv3,data_len=40,buf=40" \
		"get_hw_info: ok data_len=40 out_data_type=0x2 out_max_pasid_log2=0 out_capabilities=0 buf=$SMMU_DATA"
	run_steps
}

@test "Tegra241 device: INPUT_TYPE TEGRA241_CMDQV gives version 1, log2vcmdqs 1, log2vsids 4" {
	steps
	step "$TEGRA" "$TEGRA_OUT"
	step "get_hw_info,dev_id=2,flags=input_type,in_data_type=tegra241_cmdqv,data_len=12,buf=12" \
		'get_hw_info: ok data_len=8 out_data_type=0x3 out_max_pasid_log2=0 out_capabilities=0 buf=000000000101040000000000'
	run_steps
}

@test "Tegra241 device: VT-d, selftest and unknown types are EOPNOTSUPP" {
	steps
	step "$TEGRA" "$TEGRA_OUT"
	step "get_hw_info,dev_id=2,flags=input_type,in_data_type=intel_vtd" \
		'get_hw_info: EOPNOTSUPP'
	step "get_hw_info,dev_id=2,flags=input_type,in_data_type=selftest" 'get_hw_info: EOPNOTSUPP'
	step "get_hw_info,dev_id=2,flags=input_type,in_data_type=4" 'get_hw_info: EOPNOTSUPP'
	run_steps
}

@test "module parameters shape the Tegra241 data and are visible read-only" {
	load_module cmdqv_num_vintfs=8 cmdqv_lvcmdqs_per_vintf=8 cmdqv_log2_vsids=6 smmu_cmdqs=8
	run cat $PARAMS/cmdqv_num_vintfs $PARAMS/cmdqv_lvcmdqs_per_vintf \
		$PARAMS/cmdqv_log2_vsids $PARAMS/smmu_cmdqs
	expect_output $'8\n8\n6\n8'
	run stat -c %a /sys/module/iommufd_sim/parameters/smmu_cmdqs
	expect_output "444"
	run iofd $TEGRA get_hw_info,dev_id=2,flags=input_type,in_data_type=tegra241_cmdqv,data_len=8,buf=8 \
		get_hw_info,dev_id=2,data_len=40,buf=40
	expect_output "$(lines "$TEGRA_OUT" \
		'get_hw_info: ok data_len=8 out_data_type=0x3 out_max_pasid_log2=0 out_capabilities=0 buf=0000000001030600' \
		"get_hw_info: ok data_len=40 out_data_type=0x2 out_max_pasid_log2=0 out_capabilities=0 buf=$SMMU_DATA_CMDQS8")"
	load_module
}

@test "the defaults are 4 VINTFs, 2 LVCMDQs each, 16 SIDs, CMDQS 19" {
	load_module
	run cat $PARAMS/cmdqv_num_vintfs $PARAMS/cmdqv_lvcmdqs_per_vintf \
		$PARAMS/cmdqv_log2_vsids $PARAMS/smmu_cmdqs
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
