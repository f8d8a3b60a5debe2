#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# IOMMU_HW_QUEUE_ALLOC of type TEGRA241_CMDQV (spec cmdqv-model.md §3.5,
# §3.6, §8 "Allocation"): the driver's checks in upstream's order, the
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

# 16 KiB of memory "a"; ioas 1, Tegra241 device (stdev 2, idev 3), nest
# parent 4, TEGRA241_CMDQV vIOMMU 5 with its page at 0x1000, the first
# page of "a" at IOVA 0x1000000
P="mem,name=a,len=16K ioas_alloc sim_device_alloc,model=1,stream_id=0x100 hwpt_alloc,dev_id=3,pt_id=1,flags=1 viommu_alloc,dev_id=3,hwpt_id=4,type=2,data=0:0:0:0 ioas_map,ioas_id=1,flags=7,iova=0x1000000,user_va=@a,length=4K"
P_OUT=$'ioas_alloc: ok out_ioas_id=1\nsim_device_alloc: ok out_stdev_id=2 out_hwpt_id=0 out_idev_id=3\nhwpt_alloc: ok out_hwpt_id=4\nviommu_alloc: ok out_viommu_id=5 data=0x1000:0x0:0x10000:0x0\nioas_map: ok iova=0x1000000'
MAP="mmap,name=p,off=0x1000,len=64K"
Q="hw_queue_alloc,viommu_id=5,type=1"
Q0="$Q,index=0,nesting_parent_iova=0x1000000,length=4096"

# window W: CONS, PROD, CONFIG, STATUS, GERROR, GERRORN as peek lines
peek_window() {
	local w=$(($1 * 0x80)) r
	for r in 0 4 8 12 16 20; do
		printf 'peek,name=p,off=%d ' $((w + r))
	done
}
window_out() { printf 'peek: %s\n' "$@"; }
# dirty window W: CONS 5, PROD 7, CONFIG 1, STATUS 1, GERROR 1, GERRORN 0
poke_window() {
	local w=$(($1 * 0x80))
	printf 'poke,name=p,off=%d,val=%d ' $w 5 $((w + 4)) 7 $((w + 8)) 1 $((w + 12)) 1 $((w + 16)) 1 $((w + 20)) 0
}

# The step sees CONFIG.EN on a window with no queue: the poked STATUS and
# GERROR are undone and CMDQ_INIT_ERR toggles, so GERROR is 4, GERRORN 0.
@test "HW_QUEUE_ALLOC: out_hw_queue_id is written back; the window is reset, GERRORN := GERROR, not enabled" {
	run iofd $P $MAP $(poke_window 0) sim_cmdqv_step,id=5 $(peek_window 0) $Q0 $(peek_window 0)
	expect_output "$P_OUT"$'\nmmap: ok\nsim_cmdqv_step: ok out_consumed=0 out_errors=0 out_events=0 out_more=0\n'"$(window_out 0x5 0x7 0x1 0x0 0x4 0x0)"$'\nhw_queue_alloc: ok out_hw_queue_id=6\n'"$(window_out 0x0 0x0 0x0 0x0 0x4 0x4)"
}

@test "HW_QUEUE_ALLOC: another queue type is EOPNOTSUPP; an ARM_SMMUV3 vIOMMU has no queues" {
	run iofd $P $Q0,type=0xdeadbeef viommu_alloc,dev_id=3,hwpt_id=4,type=1 \
		hw_queue_alloc,viommu_id=6,type=1,index=0,nesting_parent_iova=0x1000000,length=4096 $Q0
	expect_output "$P_OUT"$'\nhw_queue_alloc: EOPNOTSUPP\nviommu_alloc: ok out_viommu_id=6\nhw_queue_alloc: EOPNOTSUPP\nhw_queue_alloc: ok out_hw_queue_id=7'
}

@test "Tegra241 queues: an index at or past the LVCMDQs per VINTF (2) is EINVAL, before the slot and length checks" {
	run iofd $P $Q0 $Q,index=2,nesting_parent_iova=0x1000000,length=48 \
		$Q,index=0xffffffff,nesting_parent_iova=0x1000000,length=4096 ioas_alloc
	expect_output "$P_OUT"$'\nhw_queue_alloc: ok out_hw_queue_id=6\nhw_queue_alloc: EINVAL\nhw_queue_alloc: EINVAL\nioas_alloc: ok out_ioas_id=7'
}

@test "Tegra241 queues: a taken slot is EEXIST, before the length check" {
	run iofd $P $Q0 $Q0 $Q,index=0,nesting_parent_iova=0x1000000,length=48
	expect_output "$P_OUT"$'\nhw_queue_alloc: ok out_hw_queue_id=6\nhw_queue_alloc: EEXIST\nhw_queue_alloc: EEXIST'
}

@test "Tegra241 queues: index 1 while slot 0 is empty is EIO, before the length check" {
	run iofd $P $Q,index=1,nesting_parent_iova=0x1000000,length=4096 \
		$Q,index=1,nesting_parent_iova=0x1000000,length=48 $Q0 \
		$Q,index=1,nesting_parent_iova=0x1000000,length=4096
	expect_output "$P_OUT"$'\nhw_queue_alloc: EIO\nhw_queue_alloc: EIO\nhw_queue_alloc: ok out_hw_queue_id=6\nhw_queue_alloc: ok out_hw_queue_id=7'
}

@test "Tegra241 queues: a length that is not a power of two or below 32 bytes is EINVAL; 32 bytes to 4 KiB work" {
	local steps=() out=() len
	for len in 16 48 96 0xfff; do
		steps+=("$Q,index=0,nesting_parent_iova=0x1000000,length=$len")
		out+=("hw_queue_alloc: EINVAL")
	done
	for len in 32 64 128 256 512 1024 2048 4096; do
		steps+=("$Q,index=0,nesting_parent_iova=0x1000000,length=$len" destroy,id=6)
		out+=("hw_queue_alloc: ok out_hw_queue_id=6" "destroy: ok")
	done
	run iofd $P "${steps[@]}"
	expect_output "$P_OUT"$'\n'"$(printf '%s\n' "${out[@]}")"
}

@test "Tegra241 queues: a base not aligned to the length is EINVAL" {
	run iofd $P $Q,index=0,nesting_parent_iova=0x1000020,length=64 \
		$Q,index=0,nesting_parent_iova=0x1000400,length=0x800 \
		$Q,index=0,nesting_parent_iova=0x1000010,length=32 \
		$Q,index=0,nesting_parent_iova=0x1000040,length=64 \
		$Q,index=1,nesting_parent_iova=0x1000800,length=0x800
	expect_output "$P_OUT"$'\nhw_queue_alloc: EINVAL\nhw_queue_alloc: EINVAL\nhw_queue_alloc: EINVAL\nhw_queue_alloc: ok out_hw_queue_id=6\nhw_queue_alloc: ok out_hw_queue_id=7'
}

@test "Tegra241 queues on a 2 MiB huge page: 8 KiB to 2 MiB rings where aligned, EINVAL where not" {
	echo 4 >/proc/sys/vm/nr_hugepages
	local steps=() out=() len
	for len in 8K 16K 32K 64K 1M 2M; do
		steps+=("$Q,index=0,nesting_parent_iova=0x2000000,length=$len" destroy,id=6)
		out+=("hw_queue_alloc: ok out_hw_queue_id=6" "destroy: ok")
	done
	steps+=("$Q,index=0,nesting_parent_iova=0x2001000,length=8K" "$Q,index=0,nesting_parent_iova=0x2010000,length=128K")
	out+=("hw_queue_alloc: EINVAL" "hw_queue_alloc: EINVAL")
	run iofd $P mem,name=h,len=2M,kind=huge ioas_map,ioas_id=1,flags=7,iova=0x2000000,user_va=@h,length=2M "${steps[@]}"
	expect_output "$P_OUT"$'\nioas_map: ok iova=0x2000000\n'"$(printf '%s\n' "${out[@]}")"
}

@test "smmu_cmdqs=7: 2 KiB (16 << 7) is the largest queue, 4 KiB is EINVAL" {
	load_module cmdqv_engine_manual=1 smmu_cmdqs=7
	run iofd $P $Q0 $Q,index=0,nesting_parent_iova=0x1000000,length=2048
	expect_output "$P_OUT"$'\nhw_queue_alloc: EINVAL\nhw_queue_alloc: ok out_hw_queue_id=6'
}

@test "Tegra241 queues go away from the top down: DESTROY of queue 0 is EBUSY while queue 1 exists" {
	run iofd $P $Q,index=0,nesting_parent_iova=0x1000000,length=2048 \
		$Q,index=1,nesting_parent_iova=0x1000800,length=2048 \
		destroy,id=6 destroy,id=7 destroy,id=6 \
		$Q,index=1,nesting_parent_iova=0x1000800,length=2048
	expect_output "$P_OUT"$'\nhw_queue_alloc: ok out_hw_queue_id=6\nhw_queue_alloc: ok out_hw_queue_id=7\ndestroy: EBUSY\ndestroy: ok\ndestroy: ok\nhw_queue_alloc: EIO'
}

# The step enables queue 0 at CONS 5 and stops it on the zeroed entry there
# (opcode 0: CERROR_ILL, GERROR 1); window 1 has no queue: CMDQ_INIT_ERR.
@test "Tegra241 queue destroy disables and zeroes the window and acknowledges the error" {
	run iofd $P $MAP $Q0 $(poke_window 0) $(poke_window 1) sim_cmdqv_step,id=5 \
		$(peek_window 0) destroy,id=6 $(peek_window 0) $(peek_window 1)
	expect_output "$P_OUT"$'\nmmap: ok\nhw_queue_alloc: ok out_hw_queue_id=6\nsim_cmdqv_step: ok out_consumed=0 out_errors=1 out_events=1 out_more=0\n'"$(window_out 0x1000005 0x7 0x1 0x1 0x1 0x0)"$'\ndestroy: ok\n'"$(window_out 0x0 0x0 0x0 0x0 0x1 0x1 0x5 0x7 0x1 0x0 0x4 0x0)"
}

@test "every VINTF has its own windows: a queue of one vIOMMU leaves the other's page alone" {
	run iofd $P viommu_alloc,dev_id=3,hwpt_id=4,type=2,data=0:0:0:0 $MAP \
		mmap,name=p2,off=0x11000,len=64K poke,name=p2,off=0,val=9 $Q0 peek,name=p2 peek,name=p
	expect_output "$P_OUT"$'\nviommu_alloc: ok out_viommu_id=6 data=0x11000:0x0:0x10000:0x0\nmmap: ok\nmmap: ok\nhw_queue_alloc: ok out_hw_queue_id=7\npeek: 0x9\npeek: 0x0'
}

@test "queues of a closed context leave nothing pinned and nothing alive" {
	run iofd $P $Q0 $Q,index=1,nesting_parent_iova=0x1000000,length=4096
	expect_output "$P_OUT"$'\nhw_queue_alloc: ok out_hw_queue_id=6\nhw_queue_alloc: ok out_hw_queue_id=7'
	run pinned
	expect_output "0"
	run live_objects
	expect_output "0"
}
