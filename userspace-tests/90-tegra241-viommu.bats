#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# The vIOMMU types of the simulated Grace SMMUv3 (README.md,
# "The simulated Tegra241 CMDQV"): TEGRA241_CMDQV (a VINTF with its 64 KiB register page
# and vSID table) and the plain ARM_SMMUV3; nested HWPTs with a guest STE;
# the trapped invalidation path and IOMMUFD_SIM_OP_VIOMMU_COUNTERS.

load helpers

setup_file() { load_module; }
teardown() {
	kill_holders
	# a test that reloaded the module with other parameters: defaults again
	if [ "$(cat /sys/module/$MOD/parameters/cmdqv_num_vintfs)" != 4 ]; then
		load_module
	fi
}
teardown_file() { unload_module; }

# T: ioas 1, Tegra241 device (stdev 2, idev 3, pSID 0x100), nest parent 4
T=$(tegra241_nest)
T_OUT=$TEGRA241_NEST_OUT
# a TEGRA241_CMDQV vIOMMU; v_out ID OFFSET: its reply
V=$TEGRA241_VINTF
v_out() { tegra241_vintf_out "$@"; }
# the same without data, or with DATA words
V_NODATA="viommu_alloc,dev_id=3,hwpt_id=4,type=tegra241_cmdqv"
v_data() { echo "$V_NODATA,data=$1"; }
# the plain ARM_SMMUV3 vIOMMU
A="viommu_alloc,dev_id=3,hwpt_id=4,type=arm_smmuv3"
# nested HWPT allocation and vIOMMU invalidation on vIOMMU 5
N="hwpt_alloc,dev_id=3,pt_id=5,data_type=arm_smmuv3"
INV="hwpt_invalidate,hwpt_id=5,data_type=arm_smmuv3,entry_len=16"
C="sim_viommu_counters,id=5"
# c_out VMID NH_ALL NH_VAA NH_ASID NH_VA ATC_INV CFGI_CD CFGI_CD_ALL
c_out() {
	echo "sim_viommu_counters: ok out_vmid=$1 out_tlbi_nh_all=$2 out_tlbi_nh_vaa=$3" \
		"out_tlbi_nh_asid=$4 out_tlbi_nh_va=$5 out_atc_inv=$6 out_cfgi_cd=$7" \
		"out_cfgi_cd_all=$8 out_cmd_sync=0"
}
MAP="mmap,name=p,off=0x1000,len=64K"
MAP_RW="ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000"

# SMMUv3 commands as four u32 words: w0 lo, w0 hi, w1 lo, w1 hi
NH_ASID=0x11:0x71234:0x0:0x0		# ASID 7, VMID 0x1234
NH_VA=0x12:0x70000:0x1000:0x0		# ASID 7, VA 0x1000
NH_ALL=0x10:0x0:0x0:0x0
NSNH_ALL=0x30:0x0:0x0:0x0
NH_VAA=0x13:0x0:0x1000:0x0
ATC_INV=0x40:0x10:0x34:0x0		# vSID 0x10, the whole ATC
CFGI_CD=0x5:0x10:0x0:0x0		# vSID 0x10
CFGI_CD_ALL=0x6:0x10:0x0:0x0		# vSID 0x10
CMD_SYNC=0x46:0x0:0x0:0x0
CFGI_STE=0x3:0x10:0x0:0x0
# vDEVICE 6: idev 3 as vSID 0x10
VD="vdevice_alloc,viommu_id=5,dev_id=3,virt_id=0x10"
VD_OUT="vdevice_alloc: ok out_vdevice_id=6"

@test "TEGRA241_CMDQV: out_vintf_mmap_offset and _length are written back; each VINTF has its own page" {
	steps
	step "$T" "$T_OUT"
	step "$V" "$(v_out 5 0x1000)"
	step "$V" "$(v_out 6 0x11000)"
	run_steps
}

@test "TEGRA241_CMDQV: no driver data is EINVAL, data_len 0 too; nothing is left behind" {
	steps
	step "$T" "$T_OUT"
	step "$V_NODATA" "viommu_alloc: EINVAL"
	step "$(v_data 1),data_len=0" "viommu_alloc: EINVAL"
	step "$V" "$(v_out 5 0x1000)"
	run_steps
}

@test "TEGRA241_CMDQV: data shorter or longer than 16 bytes is EINVAL (7.x)" {
	steps
	step "$T" "$T_OUT"
	step "$(v_data 0:0:0)" "viommu_alloc: EINVAL"
	step "$(v_data 0:0:0:0:1)" "viommu_alloc: EINVAL"
	step "$V" "$(v_out 5 0x1000)"
	run_steps
}

@test "TEGRA241_CMDQV: longer data with a zero tail is EINVAL too; no VINTF or region is used up" {
	steps
	step "$T" "$T_OUT"
	step "$(v_data 0:0:0:0:0)" "viommu_alloc: EINVAL"
	step "$(v_data 0:0:0:0:0)" "viommu_alloc: EINVAL"
	step "$(v_data 0:0:0:0:0)" "viommu_alloc: EINVAL"
	step "$(v_data 0:0:0:0:0)" "viommu_alloc: EINVAL"
	step "$V" "$(v_out 5 0x1000)"
	step "$V" "$(v_out 6 0x11000)"
	step "$V" "$(v_out 7 0x21000)"
	run_steps
}

@test "all VINTFs in use (cmdqv_num_vintfs=4: three) is ENOSPC, across contexts; DESTROY frees one" {
	steps
	step "$T" "$T_OUT"
	step "$V" "$(v_out 5 0x1000)"
	step "$V" "$(v_out 6 0x11000)"
	step "fd=1 $T" "$T_OUT"
	step "$V" "$(v_out 5 0x1000)"
	step "$V" "viommu_alloc: ENOSPC"
	step "fd=0 destroy,id=5" "destroy: ok"
	step "fd=1 $V" "$(v_out 6 0x11000)"
	run_steps
}

@test "cmdqv_num_vintfs=2: VINTF0 is the host's, so one vIOMMU; the next is ENOSPC" {
	load_module cmdqv_num_vintfs=2
	steps
	step "$T" "$T_OUT"
	step "$V" "$(v_out 5 0x1000)"
	step "$V" "viommu_alloc: ENOSPC"
	step "$A" "viommu_alloc: ok out_viommu_id=6"
	step "destroy,id=5" "destroy: ok"
	step "$V" "$(v_out 5 0x1000)"
	run_steps
}

@test "ARM_SMMUV3: driver data is ignored, there is no register page and no VINTF is used" {
	steps
	step "$T" "$T_OUT"
	step "$A,data=1:2:3" "viommu_alloc: ok out_viommu_id=5 data=0x1:0x2:0x3"
	step "$A" "viommu_alloc: ok out_viommu_id=6"
	step "$A" "viommu_alloc: ok out_viommu_id=7"
	step "$A" "viommu_alloc: ok out_viommu_id=8"
	step "mmap,name=x,off=0x1000,len=64K" "mmap: ENXIO"
	step "$V" "$(v_out 9 0x1000)"
	step "$V" "$(v_out 10 0x11000)"
	step "$V" "$(v_out 11 0x21000)"
	step "$MAP" "mmap: ok"
	step "mmap,name=p,off=0x11000,len=64K" "mmap: ok"
	run_steps
}

@test "the VINTF page maps as 64 KiB of zeroes at the returned offset; any other length is ENXIO" {
	steps
	step "$T" "$T_OUT"
	step "$V" "$(v_out 5 0x1000)"
	step "mmap,name=q,off=0x1000,len=4K" "mmap: ENXIO"
	step "mmap,name=q,off=0x2000,len=60K" "mmap: ENXIO"
	step "$MAP" "mmap: ok"
	step "peek,name=p" "peek: 0x0"
	step "peek,name=p,off=0x80" "peek: 0x0"
	step "peek,name=p,off=0xfffc" "peek: 0x0"
	step "poke,name=p,off=0x84,val=7"
	step "peek,name=p,off=0x84" "peek: 0x7"
	step "destroy,id=5" "destroy: EBUSY"
	step "munmap,name=p"
	step "destroy,id=5" "destroy: ok"
	run_steps
}

@test "IOAS_MAP of the mapped VINTF page fails as a PFN map does (EFAULT); nothing stays pinned" {
	steps
	step "$T" "$T_OUT"
	step "$V" "$(v_out 5 0x1000)"
	step "$MAP" "mmap: ok"
	step "$MAP_RW,user_va=@p,length=64K" "ioas_map: EFAULT"
	step "$MAP_RW,user_va=@p,length=4K" "ioas_map: EFAULT"
	run_steps
	run pinned
	expect_output "0"
}

@test "VDEVICE_ALLOC on a VINTF: a vSID wider than 20 bits is EINVAL, after the virt_id EEXIST check" {
	steps
	step "$T" "$T_OUT"
	step "$V" "$(v_out 5 0x1000)"
	step "sim_device_alloc,model=tegra241,stream_id=0x101" \
		"sim_device_alloc: ok out_stdev_id=6 out_hwpt_id=0 out_idev_id=7"
	step "vdevice_alloc,viommu_id=5,dev_id=3,virt_id=0xfffff" "vdevice_alloc: ok out_vdevice_id=8"
	step "vdevice_alloc,viommu_id=5,dev_id=7,virt_id=0xfffff" "vdevice_alloc: EEXIST"
	step "vdevice_alloc,viommu_id=5,dev_id=7,virt_id=0x100000" "vdevice_alloc: EINVAL"
	step "vdevice_alloc,viommu_id=5,dev_id=7,virt_id=0xffffffffffffffff" "vdevice_alloc: EINVAL"
	step "vdevice_alloc,viommu_id=5,dev_id=7,virt_id=0x10" "vdevice_alloc: ok out_vdevice_id=9"
	run_steps
}

@test "VDEVICE_ALLOC on ARM_SMMUV3: no SID table, any virt_id" {
	steps
	step "$T" "$T_OUT"
	step "$A" "viommu_alloc: ok out_viommu_id=5"
	step "vdevice_alloc,viommu_id=5,dev_id=3,virt_id=0x100000" "vdevice_alloc: ok out_vdevice_id=6"
	run_steps
}

@test "the vSID table has 16 pairs (cmdqv_log2_vsids=4): the 17th is ENOSPC until a vDEVICE is destroyed" {
	local k
	steps
	step "$T" "$T_OUT"
	step "$V" "$(v_out 5 0x1000)"
	# 17 devices: stdev 6 + 2k, idev 7 + 2k, pSID 0x200 + k
	for k in $(seq 0 16); do
		step "sim_device_alloc,model=tegra241,stream_id=$((0x200 + k))" \
			"sim_device_alloc: ok out_stdev_id=$((6 + 2 * k)) out_hwpt_id=0 out_idev_id=$((7 + 2 * k))"
	done
	# vDEVICEs 40..55 for the first 16, vSID k
	for k in $(seq 0 15); do
		step "vdevice_alloc,viommu_id=5,dev_id=$((7 + 2 * k)),virt_id=$k" \
			"vdevice_alloc: ok out_vdevice_id=$((40 + k))"
	done
	step "vdevice_alloc,viommu_id=5,dev_id=39,virt_id=16" "vdevice_alloc: ENOSPC"
	step "destroy,id=47" "destroy: ok"
	step "vdevice_alloc,viommu_id=5,dev_id=39,virt_id=16" "vdevice_alloc: ok out_vdevice_id=47"
	run_steps
}

@test "nested HWPT: a non-valid STE is accepted whatever else it holds; abort, bypass and stage-1 too" {
	local ste id=6
	steps
	step "$T" "$T_OUT"
	step "$V" "$(v_out 5 0x1000)"
	for ste in 0xfffffffe:0xffffffff:0xffffffff:0xffffffff 0x1:0x0:0x0:0x0 \
		0x9:0x0:0x0:0x0 0xffffffcb:0xf80fffff:0x180000ff:0x0 0xb:0x0:0x10000000:0x0; do
		step "$N,data=$ste" "hwpt_alloc: ok out_hwpt_id=$id data=$ste"
		id=$((id + 1))
	done
	run_steps
}

@test "nested HWPT: a device attaches to an abort, bypass or non-valid STE before it has a vDEVICE; stage-1 needs one (ENOENT)" {
	local n7="hwpt_alloc,dev_id=7,pt_id=5,data_type=arm_smmuv3"
	steps
	step "$T" "$T_OUT"
	step "$V" "$(v_out 5 0x1000)"
	step "sim_device_alloc,model=tegra241,stream_id=0x101,id=4" \
		"sim_device_alloc: ok out_stdev_id=6 out_hwpt_id=4 out_idev_id=7"
	step "$n7,data=0x1:0:0:0" "hwpt_alloc: ok out_hwpt_id=8 data=0x1:0x0:0x0:0x0"
	step "$n7,data=0x9:0:0:0" "hwpt_alloc: ok out_hwpt_id=9 data=0x9:0x0:0x0:0x0"
	step "$n7,data=0x0:0:0:0" "hwpt_alloc: ok out_hwpt_id=10 data=0x0:0x0:0x0:0x0"
	step "$n7,data=0xb:0:0:0" "hwpt_alloc: ok out_hwpt_id=11 data=0xb:0x0:0x0:0x0"
	step "test_mock_domain_replace,id=6,pt_id=8" "test_mock_domain_replace: ok pt_id=8"
	step "test_mock_domain_replace,id=6,pt_id=9" "test_mock_domain_replace: ok pt_id=9"
	step "test_mock_domain_replace,id=6,pt_id=10" "test_mock_domain_replace: ok pt_id=10"
	step "test_mock_domain_replace,id=6,pt_id=11" "test_mock_domain_replace: ENOENT"
	step "vdevice_alloc,viommu_id=5,dev_id=7,virt_id=0x11" "vdevice_alloc: ok out_vdevice_id=12"
	step "test_mock_domain_replace,id=6,pt_id=11" "test_mock_domain_replace: ok pt_id=11"
	step "test_mock_domain_replace,id=6,pt_id=8" "test_mock_domain_replace: ok pt_id=8"
	run_steps
}

@test "nested HWPT: STE bits outside the nesting fields, Cfg S2 or nested, EATS S1CHK are EIO" {
	local ste
	steps
	step "$T" "$T_OUT"
	step "$V" "$(v_out 5 0x1000)"
	for ste in 0x1:0x100000:0x0:0x0 0x1:0x0:0x100:0x0 0x1:0x0:0x0:0x1 0xd:0x0:0x0:0x0 \
		0xf:0x0:0x0:0x0 0xb:0x0:0x20000000:0x0 0x3:0x0:0x0:0x0; do
		step "$N,data=$ste" "hwpt_alloc: EIO"
	done
	step "ioas_alloc" "ioas_alloc: ok out_ioas_id=6"
	run_steps
}

@test "nested HWPT: PASID is EOPNOTSUPP; another data type, a short or a long STE EINVAL (7.x)" {
	steps
	step "$T" "$T_OUT"
	step "$V" "$(v_out 5 0x1000)"
	step "$N,flags=pasid,data=0x1:0:0:0" "hwpt_alloc: EOPNOTSUPP"
	step "hwpt_alloc,dev_id=3,pt_id=5,data_type=vtd_s1,data=0x1:0:0:0" "hwpt_alloc: EINVAL"
	step "$N,data=0x1:0:0" "hwpt_alloc: EINVAL"
	step "$N,data=0x1:0:0:0:1" "hwpt_alloc: EINVAL"
	step "$N,data=0x1:0:0:0:0" "hwpt_alloc: EINVAL"
	step "$N,data=0x1:0:0:0" "hwpt_alloc: ok out_hwpt_id=6 data=0x1:0x0:0x0:0x0"
	step "$A" "viommu_alloc: ok out_viommu_id=7"
	step "hwpt_alloc,dev_id=3,pt_id=7,data_type=arm_smmuv3,data=0xd:0:0:0" "hwpt_alloc: EIO"
	run_steps
}

@test "nested HWPT: HWPT_INVALIDATE on it is EOPNOTSUPP (invalidation goes to the vIOMMU)" {
	steps
	step "$T" "$T_OUT"
	step "$V" "$(v_out 5 0x1000)"
	step "$N,data=0x1:0:0:0" "hwpt_alloc: ok out_hwpt_id=6 data=0x1:0x0:0x0:0x0"
	step "hwpt_invalidate,hwpt_id=6,data_type=arm_smmuv3,entry_len=16,entry_num=1,data=$NH_ALL" \
		"hwpt_invalidate: EOPNOTSUPP entry_num=0"
	run_steps
}

@test "trapped invalidation: every accepted opcode runs with the VMID replaced and the vSID translated" {
	D=$NH_ASID:$NH_VA:$NH_ALL:$NSNH_ALL:$NH_VAA:$ATC_INV:$CFGI_CD:$CFGI_CD_ALL
	steps
	step "$T" "$T_OUT"
	step "$V" "$(v_out 5 0x1000)"
	step "$VD" "$VD_OUT"
	step "$C,asid=7,sid=0x100" "$(c_out 1 0 0 0 0 0 0 0)"
	step "$INV,entry_num=8,data=$D" "hwpt_invalidate: ok entry_num=8 data=$D"
	step "$C,asid=7,sid=0x100" "$(c_out 1 2 1 1 1 1 1 1)"
	step "$C,asid=8,sid=0x10" "$(c_out 1 2 1 0 0 0 0 0)"
	run_steps
}

@test "trapped invalidation: CMD_SYNC, CFGI_STE and a vSID without a vDEVICE are EIO; entry_num counts what ran" {
	steps
	step "$T" "$T_OUT"
	step "$V" "$(v_out 5 0x1000)"
	step "$VD" "$VD_OUT"
	step "$INV,entry_num=3,data=$NH_ALL:$CMD_SYNC:$NH_ALL" "hwpt_invalidate: EIO entry_num=1"
	step "$INV,entry_num=2,data=$NH_ALL:$CFGI_STE" "hwpt_invalidate: EIO entry_num=1"
	step "$INV,entry_num=2,data=$NH_ALL:0x40:0x11:0x34:0x0" "hwpt_invalidate: EIO entry_num=1"
	step "$C" "$(c_out 1 3 0 0 0 0 0 0)"
	run_steps
}

@test "trapped invalidation: an empty array or another data type is EINVAL; short entries are zero-filled, a non-zero tail is E2BIG" {
	local inv=hwpt_invalidate,hwpt_id=5,data_type=arm_smmuv3
	steps
	step "$T" "$T_OUT"
	step "$V" "$(v_out 5 0x1000)"
	step "$INV,entry_num=0" "hwpt_invalidate: EINVAL entry_num=0"
	step "$INV,entry_num=1,data_type=vtd_s1,data=$NH_ALL" "hwpt_invalidate: EINVAL entry_num=0"
	step "$inv,entry_len=4,entry_num=2,data=0x10:0x10" "hwpt_invalidate: ok entry_num=2 data=0x10:0x10"
	step "$inv,entry_len=20,entry_num=1,data=$NH_ALL:0x1" "hwpt_invalidate: E2BIG entry_num=0"
	step "$C" "$(c_out 1 2 0 0 0 0 0 0)"
	run_steps
}

@test "trapped invalidation on ARM_SMMUV3 as well; every vIOMMU has its own VMID and counters" {
	steps
	step "$T" "$T_OUT"
	step "$A" "viommu_alloc: ok out_viommu_id=5"
	step "$V" "$(v_out 6 0x1000)"
	step "vdevice_alloc,viommu_id=5,dev_id=3,virt_id=0x10" "vdevice_alloc: ok out_vdevice_id=7"
	step "$INV,entry_num=2,data=$ATC_INV:$NH_ASID" \
		"hwpt_invalidate: ok entry_num=2 data=$ATC_INV:$NH_ASID"
	step "sim_viommu_counters,id=6,asid=7,sid=0x100" "$(c_out 2 0 0 0 0 0 0 0)"
	step "$C,asid=7,sid=0x100" "$(c_out 1 0 0 1 0 1 0 0)"
	run_steps
}

@test "VIOMMU_COUNTERS: not a vIOMMU is ENOENT, a selftest vIOMMU EOPNOTSUPP, a non-zero __reserved EOPNOTSUPP" {
	steps
	step "$T" "$T_OUT"
	step "$V" "$(v_out 5 0x1000)"
	step "sim_viommu_counters,id=4" "sim_viommu_counters: ENOENT"
	step "sim_viommu_counters,id=99" "sim_viommu_counters: ENOENT"
	step "$C,__reserved_c=1" "sim_viommu_counters: EOPNOTSUPP"
	step "test_mock_domain,id=1" "test_mock_domain: ok out_stdev_id=6 out_hwpt_id=8 out_idev_id=7"
	step "hwpt_alloc,dev_id=7,pt_id=1,flags=nest_parent" "hwpt_alloc: ok out_hwpt_id=9"
	step "viommu_alloc,dev_id=7,hwpt_id=9,type=selftest" "viommu_alloc: ok out_viommu_id=10"
	step "sim_viommu_counters,id=10" "sim_viommu_counters: EOPNOTSUPP"
	run_steps
}
