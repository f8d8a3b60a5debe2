#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# IOMMU_HW_QUEUE_ALLOC of type TEGRA241_CMDQV (README.md,
# "The register page"): the driver's checks in upstream's order, the
# descending-destroy dependency, and the LVCMDQ register window the kernel
# resets (and never enables) at allocation and destroy.  The engine runs in
# manual mode here, so that only an explicit step changes the page.

load helpers

setup_file() { load_module cmdqv_engine_manual=1; }
teardown() {
	kill_holders
	# a test that reloaded the module with other parameters: defaults again
	if [ "$(cat /sys/module/$MOD/parameters/smmu_cmdqs)" != 19 ]; then
		load_module cmdqv_engine_manual=1
	fi
}
teardown_file() { unload_module; }

# P: tegra241_queue_fixture a (helpers.bash): 16 KiB of memory "a"; ioas 1,
# Tegra241 device (stdev 2, idev 3), nest parent 4, TEGRA241_CMDQV vIOMMU 5
# with its page at 0x1000, the first page of "a" at IOVA 0x1000000
P=$(tegra241_queue_fixture a)
P_OUT=$TEGRA241_QUEUE_FIXTURE_OUT
MAP="mmap,name=p,off=0x1000,len=64K"
Q="hw_queue_alloc,viommu_id=5,type=tegra241_cmdqv"
# q INDEX IOVA LENGTH: a queue of vIOMMU 5
q() { echo "$Q,index=$1,nesting_parent_iova=$2,length=$3"; }
Q0=$(q 0 0x1000000 4096)
q_ok() { echo "hw_queue_alloc: ok out_hw_queue_id=$1"; }
STEP="sim_cmdqv_step,id=5"

# dirty_window W: CONS 5, PROD 7, CONFIG 1, STATUS 1, GERROR 1, GERRORN 0
dirty_window() {
	echo "$(wr "$1" $CONS 5) $(wr "$1" $PROD 7) $(wr "$1" $CONFIG 1)" \
		"$(wr "$1" $STATUS 1) $(wr "$1" $GERROR 1) $(wr "$1" $GERRORN 0)"
}

# The step sees CONFIG.EN on a window with no queue: the poked STATUS and
# GERROR are undone and CMDQ_INIT_ERR toggles, so GERROR is 4, GERRORN 0.
@test "HW_QUEUE_ALLOC: out_hw_queue_id is written back; the window is reset, GERRORN := GERROR, not enabled" {
	steps
	step "$P" "$P_OUT"
	step "$MAP" "mmap: ok"
	step "$(dirty_window 0)"
	step "$STEP" "sim_cmdqv_step: ok out_consumed=0 out_errors=0 out_events=0 out_more=0"
	step "$(regs 0)" "$(regs_out 0x5 0x7 0x1 0x0 0x4 0x0)"
	step "$Q0" "$(q_ok 6)"
	step "$(regs 0)" "$(regs_out 0x0 0x0 0x0 0x0 0x4 0x4)"
	run_steps
}

@test "HW_QUEUE_ALLOC: another queue type is EOPNOTSUPP; an ARM_SMMUV3 vIOMMU has no queues" {
	steps
	step "$P" "$P_OUT"
	step "$Q0,type=selftest" "hw_queue_alloc: EOPNOTSUPP"
	step "viommu_alloc,dev_id=3,hwpt_id=4,type=arm_smmuv3" "viommu_alloc: ok out_viommu_id=6"
	step "hw_queue_alloc,viommu_id=6,type=tegra241_cmdqv,index=0,nesting_parent_iova=0x1000000,length=4096" \
		"hw_queue_alloc: EOPNOTSUPP"
	step "$Q0" "$(q_ok 7)"
	run_steps
}

@test "Tegra241 queues: an index at or past the LVCMDQs per VINTF (2) is EINVAL, before the slot and length checks" {
	steps
	step "$P" "$P_OUT"
	step "$Q0" "$(q_ok 6)"
	step "$(q 2 0x1000000 48)" "hw_queue_alloc: EINVAL"
	step "$(q 0xffffffff 0x1000000 4096)" "hw_queue_alloc: EINVAL"
	step "ioas_alloc" "ioas_alloc: ok out_ioas_id=7"
	run_steps
}

@test "Tegra241 queues: a taken slot is EEXIST, before the length check" {
	steps
	step "$P" "$P_OUT"
	step "$Q0" "$(q_ok 6)"
	step "$Q0" "hw_queue_alloc: EEXIST"
	step "$(q 0 0x1000000 48)" "hw_queue_alloc: EEXIST"
	run_steps
}

@test "Tegra241 queues: index 1 while slot 0 is empty is EIO, before the length check" {
	steps
	step "$P" "$P_OUT"
	step "$(q 1 0x1000000 4096)" "hw_queue_alloc: EIO"
	step "$(q 1 0x1000000 48)" "hw_queue_alloc: EIO"
	step "$Q0" "$(q_ok 6)"
	step "$(q 1 0x1000000 4096)" "$(q_ok 7)"
	run_steps
}

@test "Tegra241 queues: a length that is not a power of two or below 32 bytes is EINVAL; 32 bytes to 4 KiB work" {
	local len
	steps
	step "$P" "$P_OUT"
	for len in 16 48 96 0xfff; do
		step "$(q 0 0x1000000 $len)" "hw_queue_alloc: EINVAL"
	done
	for len in 32 64 128 256 512 1024 2048 4096; do
		step "$(q 0 0x1000000 $len)" "$(q_ok 6)"
		step "destroy,id=6" "destroy: ok"
	done
	run_steps
}

@test "Tegra241 queues: a base not aligned to the length is EINVAL" {
	steps
	step "$P" "$P_OUT"
	step "$(q 0 0x1000020 64)" "hw_queue_alloc: EINVAL"
	step "$(q 0 0x1000400 0x800)" "hw_queue_alloc: EINVAL"
	step "$(q 0 0x1000010 32)" "hw_queue_alloc: EINVAL"
	step "$(q 0 0x1000040 64)" "$(q_ok 6)"
	step "$(q 1 0x1000800 0x800)" "$(q_ok 7)"
	run_steps
}

@test "Tegra241 queues on a 2 MiB huge page: 8 KiB to 2 MiB rings where aligned, EINVAL where not" {
	echo 4 >/proc/sys/vm/nr_hugepages
	local len
	steps
	step "$P" "$P_OUT"
	step "mem,name=h,len=2M,kind=huge"
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x2000000,user_va=@h,length=2M" \
		"ioas_map: ok iova=0x2000000"
	for len in 8K 16K 32K 64K 1M 2M; do
		step "$(q 0 0x2000000 $len)" "$(q_ok 6)"
		step "destroy,id=6" "destroy: ok"
	done
	step "$(q 0 0x2001000 8K)" "hw_queue_alloc: EINVAL"
	step "$(q 0 0x2010000 128K)" "hw_queue_alloc: EINVAL"
	run_steps
}

@test "smmu_cmdqs=7: 2 KiB (16 << 7) is the largest queue, 4 KiB is EINVAL" {
	load_module cmdqv_engine_manual=1 smmu_cmdqs=7
	steps
	step "$P" "$P_OUT"
	step "$Q0" "hw_queue_alloc: EINVAL"
	step "$(q 0 0x1000000 2048)" "$(q_ok 6)"
	run_steps
}

@test "Tegra241 queues go away from the top down: DESTROY of queue 0 is EBUSY while queue 1 exists" {
	steps
	step "$P" "$P_OUT"
	step "$(q 0 0x1000000 2048)" "$(q_ok 6)"
	step "$(q 1 0x1000800 2048)" "$(q_ok 7)"
	step "destroy,id=6" "destroy: EBUSY"
	step "destroy,id=7" "destroy: ok"
	step "destroy,id=6" "destroy: ok"
	step "$(q 1 0x1000800 2048)" "hw_queue_alloc: EIO"
	run_steps
}

# The step enables queue 0 at CONS 5 and stops it on the zeroed entry there
# (opcode 0: CERROR_ILL, GERROR 1); window 1 has no queue: CMDQ_INIT_ERR.
@test "Tegra241 queue destroy disables and zeroes the window and acknowledges the error" {
	steps
	step "$P" "$P_OUT"
	step "$MAP" "mmap: ok"
	step "$Q0" "$(q_ok 6)"
	step "$(dirty_window 0) $(dirty_window 1)"
	step "$STEP" "sim_cmdqv_step: ok out_consumed=0 out_errors=1 out_events=1 out_more=0"
	step "$(regs 0)" "$(regs_out 0x1000005 0x7 0x1 0x1 0x1 0x0)"
	step "destroy,id=6" "destroy: ok"
	step "$(regs 0)" "$(regs_out 0x0 0x0 0x0 0x0 0x1 0x1)"
	step "$(regs 1)" "$(regs_out 0x5 0x7 0x1 0x0 0x4 0x0)"
	run_steps
}

@test "every VINTF has its own windows: a queue of one vIOMMU leaves the other's page alone" {
	steps
	step "$P" "$P_OUT"
	step "$TEGRA241_VINTF" "$(tegra241_vintf_out 6 0x11000)"
	step "$MAP" "mmap: ok"
	step "mmap,name=p2,off=0x11000,len=64K" "mmap: ok"
	step "poke,name=p2,off=0,val=9"
	step "$Q0" "$(q_ok 7)"
	step "peek,name=p2" "peek: 0x9"
	step "peek,name=p" "peek: 0x0"
	run_steps
}

@test "queues of a closed context leave nothing pinned and nothing alive" {
	steps
	step "$P" "$P_OUT"
	step "$Q0" "$(q_ok 6)"
	step "$(q 1 0x1000000 4096)" "$(q_ok 7)"
	run_steps
	expect_nothing_left
}
