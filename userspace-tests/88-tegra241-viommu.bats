#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# The vIOMMU types of the simulated Grace SMMUv3 (spec cmdqv-model.md §3.2,
# §3.4, §3.8, §8): TEGRA241_CMDQV (a VINTF with its 64 KiB register page
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

# ioas 1, Tegra241 device (stdev 2, idev 3, pSID 0x100), nest parent 4
T="ioas_alloc sim_device_alloc,model=1,stream_id=0x100 hwpt_alloc,dev_id=3,pt_id=1,flags=1"
T_OUT=$'ioas_alloc: ok out_ioas_id=1\nsim_device_alloc: ok out_stdev_id=2 out_hwpt_id=0 out_idev_id=3\nhwpt_alloc: ok out_hwpt_id=4'
# a TEGRA241_CMDQV vIOMMU; the data words come back as
# out_vintf_mmap_offset (lo:hi) and out_vintf_mmap_length (lo:hi)
V="viommu_alloc,dev_id=3,hwpt_id=4,type=2,data=0:0:0:0"
v_out() { echo "viommu_alloc: ok out_viommu_id=$1 data=$2:0x0:0x10000:0x0"; }
# the plain ARM_SMMUV3 vIOMMU
A="viommu_alloc,dev_id=3,hwpt_id=4,type=1"
# nested HWPT allocation and vIOMMU invalidation on vIOMMU 5
N="hwpt_alloc,dev_id=3,pt_id=5,data_type=2"
INV="hwpt_invalidate,hwpt_id=5,data_type=1,entry_len=16"
C="sim_viommu_counters,id=5"
c_out() {
	echo "sim_viommu_counters: ok out_vmid=$1 out_tlbi_nh_all=$2 out_tlbi_nh_vaa=$3 out_tlbi_nh_asid=$4 out_tlbi_nh_va=$5 out_atc_inv=$6 out_cfgi_cd=$7 out_cfgi_cd_all=$8 out_cmd_sync=0"
}

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
	run iofd $T $V $V
	expect_output "$T_OUT"$'\n'"$(v_out 5 0x1000)"$'\n'"$(v_out 6 0x11000)"
}

@test "TEGRA241_CMDQV: no driver data is EINVAL, data_len 0 too; nothing is left behind" {
	run iofd $T viommu_alloc,dev_id=3,hwpt_id=4,type=2 viommu_alloc,dev_id=3,hwpt_id=4,type=2,data=1,data_len=0 $V
	expect_output "$T_OUT"$'\nviommu_alloc: EINVAL\nviommu_alloc: EINVAL\n'"$(v_out 5 0x1000)"
}

@test "TEGRA241_CMDQV: data shorter than 16 bytes is EINVAL, a non-zero tail E2BIG" {
	run iofd $T viommu_alloc,dev_id=3,hwpt_id=4,type=2,data=0:0:0 viommu_alloc,dev_id=3,hwpt_id=4,type=2,data=0:0:0:0:1 $V
	expect_output "$T_OUT"$'\nviommu_alloc: EINVAL\nviommu_alloc: E2BIG\n'"$(v_out 5 0x1000)"
}

@test "TEGRA241_CMDQV: a zero tail cannot be written back (EINVAL); the VINTF and the region are released" {
	run iofd $T viommu_alloc,dev_id=3,hwpt_id=4,type=2,data=0:0:0:0:0 \
		viommu_alloc,dev_id=3,hwpt_id=4,type=2,data=0:0:0:0:0 \
		viommu_alloc,dev_id=3,hwpt_id=4,type=2,data=0:0:0:0:0 \
		viommu_alloc,dev_id=3,hwpt_id=4,type=2,data=0:0:0:0:0 $V $V $V
	expect_output "$T_OUT"$'\nviommu_alloc: EINVAL\nviommu_alloc: EINVAL\nviommu_alloc: EINVAL\nviommu_alloc: EINVAL\n'"$(v_out 5 0x1000)"$'\n'"$(v_out 6 0x11000)"$'\n'"$(v_out 7 0x21000)"
}

@test "all VINTFs in use (cmdqv_num_vintfs=4: three) is ENOSPC, across contexts; DESTROY frees one" {
	run iofd $T $V $V fd=1 $T $V $V fd=0 destroy,id=5 fd=1 $V
	expect_output "$T_OUT"$'\n'"$(v_out 5 0x1000)"$'\n'"$(v_out 6 0x11000)"$'\n'"$T_OUT"$'\n'"$(v_out 5 0x1000)"$'\nviommu_alloc: ENOSPC\ndestroy: ok\n'"$(v_out 6 0x11000)"
}

@test "cmdqv_num_vintfs=2: VINTF0 is the host's, so one vIOMMU; the next is ENOSPC" {
	load_module cmdqv_num_vintfs=2
	run iofd $T $V $V $A destroy,id=5 $V
	expect_output "$T_OUT"$'\n'"$(v_out 5 0x1000)"$'\nviommu_alloc: ENOSPC\nviommu_alloc: ok out_viommu_id=6\ndestroy: ok\n'"$(v_out 5 0x1000)"
}

@test "ARM_SMMUV3: driver data is ignored, there is no register page and no VINTF is used" {
	run iofd $T $A,data=1:2:3 $A $A $A mmap,name=x,off=0x1000,len=64K $V $V $V mmap,name=p,off=0x1000,len=64K mmap,name=p,off=0x11000,len=64K
	expect_output "$T_OUT"$'\nviommu_alloc: ok out_viommu_id=5 data=0x1:0x2:0x3\nviommu_alloc: ok out_viommu_id=6\nviommu_alloc: ok out_viommu_id=7\nviommu_alloc: ok out_viommu_id=8\nmmap: ENXIO\n'"$(v_out 9 0x1000)"$'\n'"$(v_out 10 0x11000)"$'\n'"$(v_out 11 0x21000)"$'\nmmap: ok\nmmap: ok'
}

@test "the VINTF page maps as 64 KiB of zeroes at the returned offset; any other length is ENXIO" {
	run iofd $T $V mmap,name=q,off=0x1000,len=4K mmap,name=q,off=0x2000,len=60K \
		mmap,name=p,off=0x1000,len=64K peek,name=p peek,name=p,off=0x80 peek,name=p,off=0xfffc \
		poke,name=p,off=0x84,val=7 peek,name=p,off=0x84 destroy,id=5 munmap,name=p destroy,id=5
	expect_output "$T_OUT"$'\n'"$(v_out 5 0x1000)"$'\nmmap: ENXIO\nmmap: ENXIO\nmmap: ok\npeek: 0x0\npeek: 0x0\npeek: 0x0\npeek: 0x7\ndestroy: EBUSY\ndestroy: ok'
}

@test "IOAS_MAP of the mapped VINTF page fails as a PFN map does (EFAULT); nothing stays pinned" {
	run iofd $T $V mmap,name=p,off=0x1000,len=64K \
		ioas_map,ioas_id=1,flags=7,iova=0x1000000,user_va=@p,length=64K \
		ioas_map,ioas_id=1,flags=7,iova=0x1000000,user_va=@p,length=4K
	expect_output "$T_OUT"$'\n'"$(v_out 5 0x1000)"$'\nmmap: ok\nioas_map: EFAULT\nioas_map: EFAULT'
	run pinned
	expect_output "0"
}

@test "VDEVICE_ALLOC on a VINTF: a vSID wider than 20 bits is EINVAL, after the virt_id EEXIST check" {
	run iofd $T $V sim_device_alloc,model=1,stream_id=0x101 \
		vdevice_alloc,viommu_id=5,dev_id=3,virt_id=0xfffff \
		vdevice_alloc,viommu_id=5,dev_id=7,virt_id=0xfffff \
		vdevice_alloc,viommu_id=5,dev_id=7,virt_id=0x100000 \
		vdevice_alloc,viommu_id=5,dev_id=7,virt_id=0xffffffffffffffff \
		vdevice_alloc,viommu_id=5,dev_id=7,virt_id=0x10
	expect_output "$T_OUT"$'\n'"$(v_out 5 0x1000)"$'\nsim_device_alloc: ok out_stdev_id=6 out_hwpt_id=0 out_idev_id=7\nvdevice_alloc: ok out_vdevice_id=8\nvdevice_alloc: EEXIST\nvdevice_alloc: EINVAL\nvdevice_alloc: EINVAL\nvdevice_alloc: ok out_vdevice_id=9'
}

@test "VDEVICE_ALLOC on ARM_SMMUV3: no SID table, any virt_id" {
	run iofd $T $A vdevice_alloc,viommu_id=5,dev_id=3,virt_id=0x100000
	expect_output "$T_OUT"$'\nviommu_alloc: ok out_viommu_id=5\nvdevice_alloc: ok out_vdevice_id=6'
}

@test "the vSID table has 16 pairs (cmdqv_log2_vsids=4): the 17th is ENOSPC until a vDEVICE is destroyed" {
	local steps=() out=() k
	# 17 devices: stdev 6 + 2k, idev 7 + 2k, pSID 0x200 + k
	for k in $(seq 0 16); do
		steps+=("sim_device_alloc,model=1,stream_id=$((0x200 + k))")
		out+=("sim_device_alloc: ok out_stdev_id=$((6 + 2 * k)) out_hwpt_id=0 out_idev_id=$((7 + 2 * k))")
	done
	# vDEVICEs 40..55 for the first 16, vSID k
	for k in $(seq 0 15); do
		steps+=("vdevice_alloc,viommu_id=5,dev_id=$((7 + 2 * k)),virt_id=$k")
		out+=("vdevice_alloc: ok out_vdevice_id=$((40 + k))")
	done
	steps+=(vdevice_alloc,viommu_id=5,dev_id=39,virt_id=16 destroy,id=47 vdevice_alloc,viommu_id=5,dev_id=39,virt_id=16)
	out+=("vdevice_alloc: ENOSPC" "destroy: ok" "vdevice_alloc: ok out_vdevice_id=47")
	run iofd $T $V "${steps[@]}"
	expect_output "$T_OUT"$'\n'"$(v_out 5 0x1000)"$'\n'"$(printf '%s\n' "${out[@]}")"
}

@test "nested HWPT: a non-valid STE is accepted whatever else it holds; abort, bypass and stage-1 too" {
	run iofd $T $V "$N,data=0xfffffffe:0xffffffff:0xffffffff:0xffffffff" \
		"$N,data=0x1:0x0:0x0:0x0" "$N,data=0x9:0x0:0x0:0x0" \
		"$N,data=0xffffffcb:0xf80fffff:0x180000ff:0x0" "$N,data=0xb:0x0:0x10000000:0x0"
	expect_output "$T_OUT"$'\n'"$(v_out 5 0x1000)"$'\nhwpt_alloc: ok out_hwpt_id=6 data=0xfffffffe:0xffffffff:0xffffffff:0xffffffff\nhwpt_alloc: ok out_hwpt_id=7 data=0x1:0x0:0x0:0x0\nhwpt_alloc: ok out_hwpt_id=8 data=0x9:0x0:0x0:0x0\nhwpt_alloc: ok out_hwpt_id=9 data=0xffffffcb:0xf80fffff:0x180000ff:0x0\nhwpt_alloc: ok out_hwpt_id=10 data=0xb:0x0:0x10000000:0x0'
}

@test "nested HWPT: STE bits outside the nesting fields, Cfg S2 or nested, EATS S1CHK are EIO" {
	run iofd $T $V "$N,data=0x1:0x100000:0x0:0x0" "$N,data=0x1:0x0:0x100:0x0" \
		"$N,data=0x1:0x0:0x0:0x1" "$N,data=0xd:0x0:0x0:0x0" "$N,data=0xf:0x0:0x0:0x0" \
		"$N,data=0xb:0x0:0x20000000:0x0" "$N,data=0x3:0x0:0x0:0x0" ioas_alloc
	expect_output "$T_OUT"$'\n'"$(v_out 5 0x1000)"$'\nhwpt_alloc: EIO\nhwpt_alloc: EIO\nhwpt_alloc: EIO\nhwpt_alloc: EIO\nhwpt_alloc: EIO\nhwpt_alloc: EIO\nhwpt_alloc: EIO\nioas_alloc: ok out_ioas_id=6'
}

@test "nested HWPT: PASID is EOPNOTSUPP; another data type or a short STE EINVAL; a non-zero tail E2BIG" {
	run iofd $T $V "$N,flags=8,data=0x1:0:0:0" "hwpt_alloc,dev_id=3,pt_id=5,data_type=1,data=0x1:0:0:0" \
		"$N,data=0x1:0:0" "$N,data=0x1:0:0:0:1" "$N,data=0x1:0:0:0:0" $A "hwpt_alloc,dev_id=3,pt_id=7,data_type=2,data=0xd:0:0:0"
	expect_output "$T_OUT"$'\n'"$(v_out 5 0x1000)"$'\nhwpt_alloc: EOPNOTSUPP\nhwpt_alloc: EINVAL\nhwpt_alloc: EINVAL\nhwpt_alloc: E2BIG\nhwpt_alloc: ok out_hwpt_id=6 data=0x1:0x0:0x0:0x0:0x0\nviommu_alloc: ok out_viommu_id=7\nhwpt_alloc: EIO'
}

@test "nested HWPT: HWPT_INVALIDATE on it is EOPNOTSUPP (invalidation goes to the vIOMMU)" {
	run iofd $T $V "$N,data=0x1:0:0:0" hwpt_invalidate,hwpt_id=6,data_type=1,entry_len=16,entry_num=1,data=$NH_ALL
	expect_output "$T_OUT"$'\n'"$(v_out 5 0x1000)"$'\nhwpt_alloc: ok out_hwpt_id=6 data=0x1:0x0:0x0:0x0\nhwpt_invalidate: EOPNOTSUPP entry_num=0'
}

@test "trapped invalidation: every accepted opcode runs with the VMID replaced and the vSID translated" {
	D=$NH_ASID:$NH_VA:$NH_ALL:$NSNH_ALL:$NH_VAA:$ATC_INV:$CFGI_CD:$CFGI_CD_ALL
	run iofd $T $V $VD $C,asid=7,sid=0x100 $INV,entry_num=8,data=$D \
		$C,asid=7,sid=0x100 $C,asid=8,sid=0x10
	expect_output "$T_OUT"$'\n'"$(v_out 5 0x1000)"$'\n'"$VD_OUT"$'\n'"$(c_out 1 0 0 0 0 0 0 0)"$'\n'"hwpt_invalidate: ok entry_num=8 data=$(echo $D)"$'\n'"$(c_out 1 2 1 1 1 1 1 1)"$'\n'"$(c_out 1 2 1 0 0 0 0 0)"
}

@test "trapped invalidation: CMD_SYNC, CFGI_STE and a vSID without a vDEVICE are EIO; entry_num counts what ran" {
	run iofd $T $V $VD $INV,entry_num=3,data=$NH_ALL:$CMD_SYNC:$NH_ALL \
		$INV,entry_num=2,data=$NH_ALL:$CFGI_STE \
		$INV,entry_num=2,data=$NH_ALL:0x40:0x11:0x34:0x0 $C
	expect_output "$T_OUT"$'\n'"$(v_out 5 0x1000)"$'\n'"$VD_OUT"$'\nhwpt_invalidate: EIO entry_num=1\nhwpt_invalidate: EIO entry_num=1\nhwpt_invalidate: EIO entry_num=1\n'"$(c_out 1 3 0 0 0 0 0 0)"
}

@test "trapped invalidation: an empty array or another data type is EINVAL; short entries are zero-filled, a non-zero tail is E2BIG" {
	run iofd $T $V $INV,entry_num=0 "$INV,entry_num=1,data_type=0,data=$NH_ALL" \
		"hwpt_invalidate,hwpt_id=5,data_type=1,entry_len=4,entry_num=2,data=0x10:0x10" \
		"hwpt_invalidate,hwpt_id=5,data_type=1,entry_len=20,entry_num=1,data=$NH_ALL:0x1" $C
	expect_output "$T_OUT"$'\n'"$(v_out 5 0x1000)"$'\nhwpt_invalidate: EINVAL entry_num=0\nhwpt_invalidate: EINVAL entry_num=0\nhwpt_invalidate: ok entry_num=2 data=0x10:0x10\nhwpt_invalidate: E2BIG entry_num=0\n'"$(c_out 1 2 0 0 0 0 0 0)"
}

@test "trapped invalidation on ARM_SMMUV3 as well; every vIOMMU has its own VMID and counters" {
	run iofd $T $A $V vdevice_alloc,viommu_id=5,dev_id=3,virt_id=0x10 \
		$INV,entry_num=2,data=$ATC_INV:$NH_ASID sim_viommu_counters,id=6,asid=7,sid=0x100 $C,asid=7,sid=0x100
	expect_output "$T_OUT"$'\nviommu_alloc: ok out_viommu_id=5\n'"$(v_out 6 0x1000)"$'\nvdevice_alloc: ok out_vdevice_id=7\nhwpt_invalidate: ok entry_num=2 data='"$(echo $ATC_INV:$NH_ASID)"$'\n'"$(c_out 2 0 0 0 0 0 0 0)"$'\n'"$(c_out 1 0 0 1 0 1 0 0)"
}

@test "VIOMMU_COUNTERS: not a vIOMMU is ENOENT, a selftest vIOMMU EOPNOTSUPP, a non-zero __reserved EOPNOTSUPP" {
	run iofd $T $V sim_viommu_counters,id=4 sim_viommu_counters,id=99 $C,__reserved_c=1 \
		test_mock_domain,id=1 hwpt_alloc,dev_id=7,pt_id=1,flags=1 viommu_alloc,dev_id=7,hwpt_id=9,type=0xdeadbeef \
		sim_viommu_counters,id=10
	expect_output "$T_OUT"$'\n'"$(v_out 5 0x1000)"$'\nsim_viommu_counters: ENOENT\nsim_viommu_counters: ENOENT\nsim_viommu_counters: EOPNOTSUPP\ntest_mock_domain: ok out_stdev_id=6 out_hwpt_id=8 out_idev_id=7\nhwpt_alloc: ok out_hwpt_id=9\nviommu_alloc: ok out_viommu_id=10\nsim_viommu_counters: EOPNOTSUPP'
}
