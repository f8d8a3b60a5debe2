#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Simulated VFIO PCI devices: the iommufd_sim bus (new_device, del_device,
# sysfs), and the VFIO device cdev each node speaks, with Linux 7.2's
# errnos (README.md, "Simulated VFIO devices").

load helpers

BUS=/sys/bus/iommufd_sim

setup_file() { load_module; }
teardown() {
	kill_holders
	del_sim_devices
}
teardown_file() { unload_module; }

# newdev "ID MODEL SID": the device must be made
newdev() {
	run iofd "write,path=$BUS/new_device,val=$1"
	expect_output "write: ok"
}
node() { echo "/dev/iommufd-sim-vfio$1"; }
# iofd steps: open node ID and bind it to context slot 0 (idev 1)
bind0() { echo "vopen,path=$(node "${1:-0}") vfio_dev_bind,iommufd=ctx0"; }
BIND0_OUT=$(lines "vopen: ok v=0" "vfio_dev_bind: ok out_devid=1")
IOAS="ioas_alloc"

# --------------------------------------------------------------- the bus ---

@test "new_device makes the node and its sysfs attributes; del_device removes both" {
	newdev "3 tegra241 0x100"
	[ -c "$(node 3)" ]
	run cat "$BUS/devices/iommufd-sim-vfio3/model" "$BUS/devices/iommufd-sim-vfio3/stream_id" \
		"$BUS/devices/iommufd-sim-vfio3/vendor" "$BUS/devices/iommufd-sim-vfio3/device" \
		"$BUS/devices/iommufd-sim-vfio3/class" "$BUS/devices/iommufd-sim-vfio3/bound"
	expect_output "$(lines tegra241 0x100 0x1b36 0x0005 0xff0000 0)"
	run iofd "write,path=$BUS/del_device,val=3"
	expect_output "write: ok"
	[ ! -e "$(node 3)" ]
	[ ! -e "$BUS/devices/iommufd-sim-vfio3" ]
}

@test "new_device: a stream ID is decimal or 0x-hex (010 is ten), trailing newline or blanks allowed" {
	newdev "0 selftest 010"
	newdev "1 selftest 0X1f"
	newdev "2 tegra241   7  "
	run cat "$BUS/devices/iommufd-sim-vfio0/stream_id" "$BUS/devices/iommufd-sim-vfio1/stream_id" \
		"$BUS/devices/iommufd-sim-vfio2/stream_id"
	expect_output "$(lines 0xa 0x1f 0x7)"
	echo "4 selftest 4" >"$BUS/new_device"
	[ -c "$(node 4)" ]
}

@test "new_device: malformed input is EINVAL and makes nothing" {
	local bad
	for bad in " " "0" "0 selftest" "0 nosuch 1" "x selftest 1" "256 selftest 1" \
		"0 selftest 1 extra" "0 selftest -1" "0 selftest 0x" "0 selftest 4294967296" \
		"-1 selftest 1" "0 selftest 1x"; do
		run iofd "write,path=$BUS/new_device,val=$bad"
		expect_output "write: EINVAL"
	done
	run ls "$BUS/devices"
	expect_output ""
}

@test "new_device: a used ID is EEXIST; so is a stream ID taken in the same model, not in the other" {
	newdev "0 tegra241 0x100"
	run iofd "write,path=$BUS/new_device,val=0 selftest 5" \
		"write,path=$BUS/new_device,val=1 tegra241 256" \
		"write,path=$BUS/new_device,val=1 selftest 0x100"
	expect_output "$(lines "write: EEXIST" "write: EEXIST" "write: ok")"
}

@test "del_device: an unknown ID is ENOENT, a malformed one EINVAL" {
	newdev "0 selftest 1"
	run iofd "write,path=$BUS/del_device,val=1" "write,path=$BUS/del_device,val=zero" \
		"write,path=$BUS/del_device,val=0 0" "write,path=$BUS/del_device,val=0"
	expect_output "$(lines "write: ENOENT" "write: EINVAL" "write: EINVAL" "write: ok")"
}

@test "del_device while the node is open is EBUSY and changes nothing; after close it works" {
	newdev "0 selftest 1"
	start_holder "vopen,path=$(node 0)"
	run iofd "write,path=$BUS/del_device,val=0"
	expect_output "write: EBUSY"
	[ -c "$(node 0)" ]
	run iofd "vopen,path=$(node 0)" "vfio_dev_bind,iommufd=ctx0"
	expect_output "$BIND0_OUT"
	stop_holder
	run iofd "write,path=$BUS/del_device,val=0"
	expect_output "write: ok"
}

@test "an open node pins the module: rmmod is EAGAIN; with devices but no open node it unloads" {
	newdev "0 selftest 1"
	start_holder "vopen,path=$(node 0)"
	run kmodctl remove $MOD
	expect_output "EAGAIN"
	stop_holder
	newdev "1 tegra241 2"
	run kmodctl remove $MOD
	expect_output "ok"
	[ ! -e "$BUS" ]
	load_module
}

@test "sim_devices= makes devices at load; a bad or duplicate entry refuses the load (EINVAL), leaving no bus" {
	unload_module
	run kmodctl insert "$KO" "sim_devices=0:tegra241:0x100,7:selftest:010,"
	expect_output "ok"
	run cat "$BUS/devices/iommufd-sim-vfio0/model" "$BUS/devices/iommufd-sim-vfio0/stream_id" \
		"$BUS/devices/iommufd-sim-vfio7/model" "$BUS/devices/iommufd-sim-vfio7/stream_id"
	expect_output "$(lines tegra241 0x100 selftest 0xa)"
	[ -c "$(node 0)" ] && [ -c "$(node 7)" ]
	run iofd "vopen,path=$(node 7)" vfio_dev_bind,iommufd=ctx0
	expect_output "$BIND0_OUT"
	unload_module
	local bad
	for bad in "0:nosuch:1" "0:selftest" "0:selftest:1,,1:selftest:2" "256:selftest:1" "0 selftest 1"; do
		run kmodctl insert "$KO" "sim_devices=$bad"
		expect_output "EINVAL"
	done
	# a used ID or stream ID too: EINVAL, not init's EEXIST ("already loaded")
	run kmodctl insert "$KO" "sim_devices=0:selftest:1,0:selftest:2"
	expect_output "EINVAL"
	run kmodctl insert "$KO" "sim_devices=0:selftest:1,1:selftest:1"
	expect_output "EINVAL"
	run kmodctl state $MOD
	expect_output "absent"
	[ ! -e "$BUS" ]
	load_module
}

@test "debugfs devices/ID shows the device, its bind, attachment, COMMAND and eventfds; it goes with the device" {
	local f=$DBG/devices/0
	newdev "0 tegra241 0x100"
	run cat "$f"
	expect_output "$(lines "model: tegra241" "stream_id: 0x100" "open_files: 0" "bound: no" \
		"command: 0x0000" "err_eventfd: no" "req_eventfd: no" "kvm_files: 0")"
	start_holder "vopen,path=$(node 0)" vfio_dev_bind,iommufd=ctx0 "$IOAS" efd \
		"cfgwr,off=4,len=2,val=0x6" "vfio_dev_set_irqs,index=4,flags=0x24,count=1,data=efd0"
	run cat "$f"
	expect_output "$(lines "model: tegra241" "stream_id: 0x100" "open_files: 1" "bound: yes" \
		"dev_id: 1" "attached: none (DMA blocked)" "command: 0x0006" "err_eventfd: no" \
		"req_eventfd: yes" "kvm_files: 0")"
	stop_holder
	start_holder "vopen,path=$(node 0)" vfio_dev_bind,iommufd=ctx0 "$IOAS" vfio_dev_attach,pt_id=2
	run grep attached "$f"
	expect_output "attached: 3"
	stop_holder
	run grep -c "bound: no" "$f"
	expect_output "1"
	run iofd "write,path=$BUS/del_device,val=0"
	expect_output "write: ok"
	[ ! -e "$f" ]
}

# ---------------------------------------------------------- before BIND ---

@test "before BIND every other ioctl, read, write and mmap is EINVAL" {
	local c
	newdev "0 selftest 1"
	steps
	step "vopen,path=$(node 0)" "vopen: ok v=0"
	for c in 0x3b77 0x3b78 0x3b6b 0x3b6c 0x3b6d 0x3b6e 0x3b6f 0x3b70 0x3b75 0x3b7f 0x1234; do
		step "raw,v=0,cmd=$c,size=32" "raw: EINVAL"
	done
	step "cfgrd,off=0,len=4" "cfgrd: EINVAL"
	step "cfgwr,off=4,len=2,val=6" "cfgwr: EINVAL"
	step "vmmap" "vmmap: EINVAL"
	run_steps
}

# ----------------------------------------------------------------- BIND ---

@test "BIND makes the device's idev in the context (out_devid), bound reads 1, DESTROY of it is EBUSY" {
	newdev "0 selftest 1"
	steps
	step "$(bind0)" "$BIND0_OUT"
	step "cat,path=$BUS/devices/iommufd-sim-vfio0/bound" "cat: 1"
	step "get_hw_info,dev_id=1,data_len=8,buf=8" "get_hw_info: ok data_len=8 out_data_type=0xfeedbeef out_max_pasid_log2=0 out_capabilities=1 buf=00000000efbeadde"
	step "destroy,id=1" "destroy: EBUSY"
	step "$IOAS" "ioas_alloc: ok out_ioas_id=2"
	step "vclose"
	step "cat,path=$BUS/devices/iommufd-sim-vfio0/bound" "cat: 0"
	step "destroy,id=1" "destroy: ENOENT"
	run_steps
}

@test "BIND: argsz below 16 is EINVAL, 16 (no token field) works, a non-zero byte past the struct is E2BIG" {
	newdev "0 selftest 1"
	steps
	step "vopen,path=$(node 0)" "vopen: ok v=0"
	step "vfio_dev_bind,iommufd=ctx0,argsz=15" "vfio_dev_bind: EINVAL"
	step "raw,v=0,cmd=0x3b76,size=32,u32@8=ctx0,u8@31=1" "raw: E2BIG"
	step "raw,v=0,cmd=0x3b76,size=32,u32@8=ctx0" "raw: ok"
	step "vclose vopen,path=$(node 0)" "vopen: ok v=1"
	step "vfio_dev_bind,iommufd=ctx1,argsz=16,token_uuid_ptr=1" "vfio_dev_bind: ok out_devid=1"
	run_steps
}

@test "BIND: unknown flags or a negative fd are EINVAL, a closed fd EBADF, a fd that is no context EBADFD" {
	newdev "0 selftest 1"
	steps
	step "vopen,path=$(node 0)" "vopen: ok v=0"
	step "efd" "efd: ok e=0"
	step "vfio_dev_bind,iommufd=ctx0,flags=2" "vfio_dev_bind: EINVAL"
	step "vfio_dev_bind,iommufd=-1" "vfio_dev_bind: EINVAL"
	step "vfio_dev_bind,iommufd=999" "vfio_dev_bind: EBADF"
	step "vfio_dev_bind,iommufd=efd0" "vfio_dev_bind: EBADFD"
	step "vfio_dev_bind,iommufd=vfd0" "vfio_dev_bind: EBADFD"
	step "vfio_dev_bind,iommufd=ctx0" "vfio_dev_bind: ok out_devid=1"
	run_steps
}

@test "BIND with a VF token: a bad pointer is EFAULT, a token (no VFs here) EINVAL" {
	newdev "0 selftest 1"
	steps
	step "vopen,path=$(node 0) mem,name=u,len=4K" "vopen: ok v=0"
	step "vfio_dev_bind,iommufd=ctx0,flags=1,token_uuid_ptr=8" "vfio_dev_bind: EFAULT"
	step "vfio_dev_bind,iommufd=ctx0,flags=1,token_uuid_ptr=@u" "vfio_dev_bind: EINVAL"
	step "ioas_alloc" "ioas_alloc: ok out_ioas_id=1"
	run_steps
}

@test "BIND twice on one fd is EINVAL; a second fd cannot bind while the first is bound, and can after it closes" {
	newdev "0 selftest 1"
	steps
	step "$(bind0)" "$BIND0_OUT"
	step "vfio_dev_bind,iommufd=ctx0" "vfio_dev_bind: EINVAL"
	step "vopen,path=$(node 0)" "vopen: ok v=1"
	step "fd=1 vfio_dev_bind,iommufd=ctx1,v=1" "vfio_dev_bind: EINVAL"
	step "vfio_dev_info,v=1" "vfio_dev_info: EINVAL"
	step "vclose,v=0 vfio_dev_bind,iommufd=ctx1,v=1" "vfio_dev_bind: ok out_devid=1"
	run_steps
}

@test "BIND: a stream ID already used in that context by the same model is EEXIST" {
	newdev "0 tegra241 0x100"
	steps
	step "vopen,path=$(node 0)" "vopen: ok v=0"
	step "sim_device_alloc,model=tegra241,stream_id=0x100" "sim_device_alloc: ok out_stdev_id=1 out_hwpt_id=0 out_idev_id=2"
	step "vfio_dev_bind,iommufd=ctx0" "vfio_dev_bind: EEXIST"
	step "fd=1 vfio_dev_bind,iommufd=ctx1" "vfio_dev_bind: ok out_devid=1"
	run_steps
}

# --------------------------------------------------------- ATTACH/DETACH ---

@test "ATTACH to an IOAS writes the auto domain's id back; a second ATTACH replaces; DETACH frees it" {
	newdev "0 selftest 1"
	steps
	step "$(bind0)" "$BIND0_OUT"
	step "$IOAS $IOAS" "ioas_alloc: ok out_ioas_id=2" "ioas_alloc: ok out_ioas_id=3"
	step "vfio_dev_attach,pt_id=2" "vfio_dev_attach: ok pt_id=4"
	step "hwpt_alloc,dev_id=1,pt_id=3" "hwpt_alloc: ok out_hwpt_id=5"
	step "destroy,id=5" "destroy: ok"
	# ids are reused: the lowest free one
	step "hwpt_alloc,dev_id=1,pt_id=3" "hwpt_alloc: ok out_hwpt_id=5"
	step "vfio_dev_attach,pt_id=5" "vfio_dev_attach: ok pt_id=5"
	# the auto domain lost its only device when replaced
	step "destroy,id=4" "destroy: ENOENT"
	step "destroy,id=5" "destroy: EBUSY"
	step "vfio_dev_detach" "vfio_dev_detach: ok"
	step "vfio_dev_detach" "vfio_dev_detach: ok"
	step "destroy,id=5" "destroy: ok"
	run_steps
}

@test "ATTACH maps the device into the IOAS: the mock sees the mapping through the auto domain" {
	newdev "0 selftest 1"
	steps
	step "$(bind0) mem,name=m,len=8K" "$BIND0_OUT"
	step "$IOAS" "ioas_alloc: ok out_ioas_id=2"
	step "ioas_map,ioas_id=2,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@m,length=8K" "ioas_map: ok iova=0x1000000"
	step "vfio_dev_attach,pt_id=2" "vfio_dev_attach: ok pt_id=3"
	step "test_md_check_map,id=3,iova=0x1000000,length=8K,uptr=@m" "test_md_check_map: ok"
	run_steps
}

@test "ATTACH: argsz below 12 or unknown flags are EINVAL, an unknown id ENOENT, a device EINVAL, another model's HWPT EINVAL" {
	newdev "0 selftest 1"
	steps
	step "$(bind0)" "$BIND0_OUT"
	step "vfio_dev_attach,pt_id=1,argsz=11" "vfio_dev_attach: EINVAL"
	step "vfio_dev_attach,pt_id=1,flags=2" "vfio_dev_attach: EINVAL"
	step "vfio_dev_attach,pt_id=99" "vfio_dev_attach: ENOENT"
	step "vfio_dev_attach,pt_id=1" "vfio_dev_attach: EINVAL"
	step "$IOAS" "ioas_alloc: ok out_ioas_id=2"
	step "sim_device_alloc,model=tegra241,stream_id=0x200" "sim_device_alloc: ok out_stdev_id=3 out_hwpt_id=0 out_idev_id=4"
	step "hwpt_alloc,dev_id=4,pt_id=2" "hwpt_alloc: ok out_hwpt_id=5"
	step "vfio_dev_attach,pt_id=5" "vfio_dev_attach: EINVAL"
	step "vfio_dev_attach,pt_id=2" "vfio_dev_attach: ok pt_id=6"
	run_steps
}

@test "ATTACH with a PASID needs argsz 16; PASID 0 is the RID; DETACH with a PASID likewise" {
	newdev "0 selftest 1"
	steps
	step "$(bind0)" "$BIND0_OUT"
	step "$IOAS" "ioas_alloc: ok out_ioas_id=2"
	step "vfio_dev_attach,pt_id=2,flags=1,argsz=12" "vfio_dev_attach: EINVAL"
	step "vfio_dev_attach,pt_id=2,flags=1,pasid=0" "vfio_dev_attach: ok pt_id=3"
	step "destroy,id=3" "destroy: EBUSY"
	step "vfio_dev_detach,flags=1,argsz=8" "vfio_dev_detach: EINVAL"
	step "vfio_dev_detach,flags=2" "vfio_dev_detach: EINVAL"
	step "vfio_dev_detach,argsz=7" "vfio_dev_detach: EINVAL"
	step "vfio_dev_detach,flags=1,pasid=0" "vfio_dev_detach: ok"
	step "destroy,id=3" "destroy: ENOENT"
	run_steps
}

@test "ATTACH whose reply cannot be written is EFAULT and leaves the RID detached, also after a replace" {
	newdev "0 selftest 1"
	steps
	step "$(bind0)" "$BIND0_OUT"
	step "$IOAS $IOAS" "ioas_alloc: ok out_ioas_id=2" "ioas_alloc: ok out_ioas_id=3"
	step "vfio_dev_attach,pt_id=2" "vfio_dev_attach: ok pt_id=4"
	# a read-only copy of {argsz 16, flags 0, pt_id 3}: the reply faults
	step "raw,v=0,cmd=0x3b77,size=16,u32@8=3,ptr=ro" "raw: EFAULT"
	# the replaced auto domain lost its device, the new one was detached
	step "destroy,id=4" "destroy: ENOENT"
	step "destroy,id=5" "destroy: ENOENT"
	step "destroy,id=3" "destroy: ok"
	step "destroy,id=2" "destroy: ok"
	run_steps
}

@test "tegra241: ATTACH to an abort or bypass nested HWPT before any vDEVICE (QEMU's GBPA attach); stage 1 needs the vDEVICE" {
	newdev "0 tegra241 0x100"
	steps
	step "$(bind0)" "$BIND0_OUT"
	step "$IOAS" "ioas_alloc: ok out_ioas_id=2"
	step "hwpt_alloc,dev_id=1,pt_id=2,flags=nest_parent" "hwpt_alloc: ok out_hwpt_id=3"
	step "vfio_dev_attach,pt_id=3" "vfio_dev_attach: ok pt_id=3"
	step "viommu_alloc,dev_id=1,hwpt_id=3,type=tegra241_cmdqv,data=0:0:0:0" "viommu_alloc: ok out_viommu_id=4 data=0x1000:0x0:0x10000:0x0"
	step "hwpt_alloc,dev_id=1,pt_id=4,data_type=arm_smmuv3,data=0x1:0:0:0" "hwpt_alloc: ok out_hwpt_id=5 data=0x1:0x0:0x0:0x0"
	step "hwpt_alloc,dev_id=1,pt_id=4,data_type=arm_smmuv3,data=0x9:0:0:0" "hwpt_alloc: ok out_hwpt_id=6 data=0x9:0x0:0x0:0x0"
	step "hwpt_alloc,dev_id=1,pt_id=4,data_type=arm_smmuv3,data=0xb:0:0:0" "hwpt_alloc: ok out_hwpt_id=7 data=0xb:0x0:0x0:0x0"
	step "vfio_dev_attach,pt_id=5" "vfio_dev_attach: ok pt_id=5"
	step "vfio_dev_attach,pt_id=6" "vfio_dev_attach: ok pt_id=6"
	step "vfio_dev_attach,pt_id=7" "vfio_dev_attach: ENOENT"
	step "vdevice_alloc,viommu_id=4,dev_id=1,virt_id=0x10" "vdevice_alloc: ok out_vdevice_id=8"
	step "vfio_dev_attach,pt_id=7" "vfio_dev_attach: ok pt_id=7"
	run_steps
}

# ------------------------------------------------- info, IRQs and resets ---

@test "GET_INFO: PCI|RESET, 9 regions, 5 IRQs; argsz below 16 is EINVAL" {
	newdev "0 selftest 1"
	steps
	step "$(bind0)" "$BIND0_OUT"
	step "vfio_dev_info,argsz=24" "vfio_dev_info: ok argsz=24 flags=0x3 num_regions=9 num_irqs=5 cap_offset=0"
	step "vfio_dev_info,argsz=16" "vfio_dev_info: ok argsz=16 flags=0x3 num_regions=9 num_irqs=5 cap_offset=0"
	step "vfio_dev_info,argsz=15" "vfio_dev_info: EINVAL"
	run_steps
}

@test "GET_REGION_INFO: config is 4096 bytes RW at 7<<40; BARs and ROM are empty; VGA and index 9 are EINVAL" {
	local i
	newdev "0 selftest 1"
	steps
	step "$(bind0)" "$BIND0_OUT"
	step "vfio_dev_region_info,index=7" "vfio_dev_region_info: ok argsz=32 flags=0x3 cap_offset=0 size=4096 offset=0x70000000000"
	for i in 1 2 3 4 5 6; do
		step "vfio_dev_region_info,index=$i" "vfio_dev_region_info: ok argsz=32 flags=0x0 cap_offset=0 size=0 offset=0x${i}0000000000"
	done
	step "vfio_dev_region_info,index=0" "vfio_dev_region_info: ok argsz=32 flags=0x0 cap_offset=0 size=0 offset=0x0"
	step "vfio_dev_region_info,index=8" "vfio_dev_region_info: EINVAL"
	step "vfio_dev_region_info,index=9" "vfio_dev_region_info: EINVAL"
	step "vfio_dev_region_info,index=7,argsz=31" "vfio_dev_region_info: EINVAL"
	run_steps
}

@test "GET_IRQ_INFO: no INTx, MSI or MSI-X; one ERR and one REQ trigger; index 5 is EINVAL" {
	newdev "0 selftest 1"
	steps
	step "$(bind0)" "$BIND0_OUT"
	step "vfio_dev_irq_info,index=0" "vfio_dev_irq_info: ok argsz=16 flags=0x7 count=0"
	step "vfio_dev_irq_info,index=1" "vfio_dev_irq_info: ok argsz=16 flags=0x9 count=0"
	step "vfio_dev_irq_info,index=2" "vfio_dev_irq_info: ok argsz=16 flags=0x9 count=0"
	step "vfio_dev_irq_info,index=3" "vfio_dev_irq_info: ok argsz=16 flags=0x9 count=1"
	step "vfio_dev_irq_info,index=4" "vfio_dev_irq_info: ok argsz=16 flags=0x9 count=1"
	step "vfio_dev_irq_info,index=5" "vfio_dev_irq_info: EINVAL"
	step "vfio_dev_irq_info,index=0,argsz=15" "vfio_dev_irq_info: EINVAL"
	run_steps
}

@test "SET_IRQS: INTx/MSI are EINVAL; the REQ eventfd is installed, signalled by DATA_NONE and DATA_BOOL, dropped by fd -1" {
	# flags: DATA_NONE 1, DATA_BOOL 2, DATA_EVENTFD 4; ACTION_MASK 8,
	# UNMASK 0x10, TRIGGER 0x20
	local S=vfio_dev_set_irqs
	newdev "0 selftest 1"
	steps
	step "$(bind0)" "$BIND0_OUT"
	step "efd" "efd: ok e=0"
	step "$S,index=0,flags=0x21,count=0" "$S: EINVAL"
	step "$S,index=1,flags=0x24,count=1,data=efd0" "$S: EINVAL"
	step "$S,index=4,flags=0x21,count=1" "$S: EINVAL"
	step "$S,index=4,flags=0x24,count=1,data=efd0" "$S: ok"
	step "efdread" "efdread: EAGAIN"
	step "$S,index=4,flags=0x21,count=1" "$S: ok"
	step "$S,index=4,flags=0x22,count=1,data=1" "$S: ok"
	step "efdread" "efdread: 2"
	step "$S,index=4,flags=0x22,count=1,data=0" "$S: ok"
	step "efdread" "efdread: EAGAIN"
	step "$S,index=4,flags=0x14,count=1,data=efd0" "$S: ENOTTY"
	step "$S,index=4,flags=0x24,count=2,data=efd0" "$S: EINVAL"
	step "$S,index=4,flags=0x24,count=1,argsz=23" "$S: EINVAL"
	step "$S,index=4,flags=0x26,count=1" "$S: EINVAL"
	step "$S,index=4,flags=0x40,count=1" "$S: EINVAL"
	step "$S,index=4,flags=0x24,count=1,data=-1" "$S: ok"
	step "$S,index=4,flags=0x21,count=1" "$S: EINVAL"
	step "$S,index=3,flags=0x24,count=1,data=vfd0" "$S: EINVAL"
	run_steps
}

@test "RESET restores the config space; there is no hot reset (ENODEV); no feature (ENOTTY); unknown ioctls ENOTTY" {
	newdev "0 selftest 1"
	steps
	step "$(bind0)" "$BIND0_OUT"
	step "cfgwr,off=4,len=2,val=0x6" "cfgwr: ok n=2"
	step "cfgrd,off=4,len=2" "cfgrd: ok n=2 val=0x6"
	step "vfio_dev_reset" "vfio_dev_reset: ok"
	step "cfgrd,off=4,len=2" "cfgrd: ok n=2 val=0x0"
	step "vfio_dev_hot_reset_info" "vfio_dev_hot_reset_info: ENODEV"
	step "vfio_dev_hot_reset_info,argsz=11" "vfio_dev_hot_reset_info: EINVAL"
	step "vfio_dev_hot_reset" "vfio_dev_hot_reset: ENODEV"
	step "vfio_dev_hot_reset,count=1" "vfio_dev_hot_reset: EINVAL"
	step "vfio_dev_hot_reset,flags=1" "vfio_dev_hot_reset: EINVAL"
	# PROBE 1<<18, SET 1<<17, GET 1<<16; MIGRATION is feature 1
	step "vfio_dev_feature,flags=0x40001" "vfio_dev_feature: ENOTTY"
	step "vfio_dev_feature,flags=0x10001" "vfio_dev_feature: ENOTTY"
	step "vfio_dev_feature,flags=0x30001" "vfio_dev_feature: EINVAL"
	step "vfio_dev_feature,flags=0x70001" "vfio_dev_feature: ENOTTY"
	step "vfio_dev_feature,flags=0x80001" "vfio_dev_feature: EINVAL"
	step "vfio_dev_feature,flags=0x40001,argsz=7" "vfio_dev_feature: EINVAL"
	step "vfio_dev_ioeventfd" "vfio_dev_ioeventfd: EINVAL"
	step "raw,v=0,cmd=0x3b7f,size=16" "raw: ENOTTY"
	step "raw,v=0,cmd=0x3b64,size=16" "raw: ENOTTY"
	run_steps
}

# --------------------------------------------------------- config space ---

@test "config space: the IDs, class, header, capability list and PCIe Endpoint capability a VMM reads" {
	newdev "0 selftest 1"
	steps
	step "$(bind0)" "$BIND0_OUT"
	step "cfgrd,off=0,len=4" "cfgrd: ok n=4 val=0x51b36"
	step "cfgrd,off=4,len=4" "cfgrd: ok n=4 val=0x100000"
	step "cfgrd,off=8,len=4" "cfgrd: ok n=4 val=0xff000001"
	step "cfgrd,off=0xe,len=1" "cfgrd: ok n=1 val=0x0"
	step "cfgrd,off=0x2c,len=4" "cfgrd: ok n=4 val=0x51b36"
	step "cfgrd,off=0x34,len=1" "cfgrd: ok n=1 val=0x40"
	step "cfgrd,off=0x3c,len=2" "cfgrd: ok n=2 val=0x0"
	step "cfgrd,off=0x40,len=4" "cfgrd: ok n=4 val=0x20010"
	step "cfgrd,off=0x44,len=4" "cfgrd: ok n=4 val=0x8000"
	step "cfgrd,off=0x100,len=4" "cfgrd: ok n=4 val=0x0"
	step "cfgrd,off=0,len=4096" "cfgrd: ok n=4096"
	run_steps
}

@test "config space: an access past 4 KiB is EFAULT, other regions EINVAL, a zero-length one reads nothing" {
	newdev "0 selftest 1"
	steps
	step "$(bind0)" "$BIND0_OUT"
	step "cfgrd,off=4095,len=2" "cfgrd: EFAULT"
	step "cfgrd,off=4096,len=1" "cfgrd: EFAULT"
	step "cfgrd,off=0,len=4097" "cfgrd: EFAULT"
	step "cfgwr,off=4094,len=4,val=0" "cfgwr: EFAULT"
	step "cfgrd,off=4095,len=1" "cfgrd: ok n=1 val=0x0"
	step "cfgrd,off=0,len=4,region=0" "cfgrd: EINVAL"
	step "cfgrd,off=0,len=4,region=6" "cfgrd: EINVAL"
	step "cfgrd,off=0,len=4,region=9" "cfgrd: EINVAL"
	step "cfgrd,off=5000,len=0" "cfgrd: ok n=0"
	step "vmmap" "vmmap: EINVAL"
	run_steps
}

@test "config space: writes change only writable bits: COMMAND, BARs and ROM (QEMU's sizing), IDs, STATUS RW1C" {
	newdev "0 selftest 1"
	steps
	step "$(bind0)" "$BIND0_OUT"
	step "cfgwr,off=4,len=2,val=0xffff" "cfgwr: ok n=2"
	step "cfgrd,off=4,len=2" "cfgrd: ok n=2 val=0x547"
	step "cfgwr,off=6,len=2,val=0xffff" "cfgwr: ok n=2"
	step "cfgrd,off=6,len=2" "cfgrd: ok n=2 val=0x10"
	step "cfgwr,off=0x10,len=4,val=0xffffffff" "cfgwr: ok n=4"
	step "cfgrd,off=0x10,len=4" "cfgrd: ok n=4 val=0x0"
	step "cfgwr,off=0x30,len=4,val=0xfffff800" "cfgwr: ok n=4"
	step "cfgrd,off=0x30,len=4" "cfgrd: ok n=4 val=0x0"
	step "cfgwr,off=0,len=4,val=0x12345678" "cfgwr: ok n=4"
	step "cfgrd,off=0,len=4" "cfgrd: ok n=4 val=0x51b36"
	step "cfgwr,off=0x3c,len=2,val=0xffff" "cfgwr: ok n=2"
	step "cfgrd,off=0x3c,len=2" "cfgrd: ok n=2 val=0xff"
	step "cfgwr,off=0x48,len=2,val=0xffff" "cfgwr: ok n=2"
	step "cfgrd,off=0x48,len=2" "cfgrd: ok n=2 val=0x78ff"
	run_steps
}

# ------------------------------------------------------------ lifetimes ---

@test "close unbinds: the idev, its auto domain and pins go, the vDEVICE's id stays a tombstone" {
	newdev "0 tegra241 0x100"
	steps
	step "$(bind0) mem,name=m,len=8K" "$BIND0_OUT"
	step "$IOAS" "ioas_alloc: ok out_ioas_id=2"
	step "ioas_map,ioas_id=2,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@m,length=8K" "ioas_map: ok iova=0x1000000"
	step "hwpt_alloc,dev_id=1,pt_id=2,flags=nest_parent" "hwpt_alloc: ok out_hwpt_id=3"
	step "viommu_alloc,dev_id=1,hwpt_id=3,type=arm_smmuv3" "viommu_alloc: ok out_viommu_id=4"
	step "vdevice_alloc,viommu_id=4,dev_id=1,virt_id=0x10" "vdevice_alloc: ok out_vdevice_id=5"
	step "vfio_dev_attach,pt_id=3" "vfio_dev_attach: ok pt_id=3"
	step "cat,path=$DBG/pinned_pages" "cat: 2"
	step "vclose"
	step "destroy,id=5" "destroy: ENOENT"
	step "destroy,id=1" "destroy: ENOENT"
	step "destroy,id=4 destroy,id=3" "destroy: ok" "destroy: ok"
	step "cat,path=$DBG/pinned_pages" "cat: 0"
	# ids 1, 3 and 4 are free again; the vDEVICE's 5 is not
	step "$IOAS $IOAS $IOAS $IOAS" "ioas_alloc: ok out_ioas_id=1" "ioas_alloc: ok out_ioas_id=3" \
		"ioas_alloc: ok out_ioas_id=4" "ioas_alloc: ok out_ioas_id=6"
	run_steps
	expect_nothing_left
}

@test "the bound device holds its context: closing the context first frees nothing until the device is closed" {
	newdev "0 selftest 1"
	steps
	step "$(bind0) $IOAS" "$BIND0_OUT" "ioas_alloc: ok out_ioas_id=2"
	step "vfio_dev_attach,pt_id=2" "vfio_dev_attach: ok pt_id=3"
	step "close"
	step "vfio_dev_info,argsz=24" "vfio_dev_info: ok argsz=24 flags=0x3 num_regions=9 num_irqs=5 cap_offset=0"
	step "vfio_dev_attach,pt_id=2" "vfio_dev_attach: ok pt_id=3"
	step "cat,path=$DBG/live_objects" "cat: 3"
	step "vclose"
	step "cat,path=$DBG/live_objects" "cat: 0"
	run_steps
	expect_nothing_left
}

@test "a process killed with a bound, attached device leaves nothing behind, and the device can be deleted" {
	newdev "0 tegra241 0x100"
	start_holder mem,name=m,len=64K "vopen,path=$(node 0)" vfio_dev_bind,iommufd=ctx0 "$IOAS" \
		"ioas_map,ioas_id=2,flags=fixed_iova:writeable:readable,iova=0x100000,user_va=@m,length=64K" \
		"hwpt_alloc,dev_id=1,pt_id=2,flags=nest_parent" vfio_dev_attach,pt_id=3
	run pinned
	expect_output "16"
	stop_holder KILL
	expect_nothing_left
	run iofd "write,path=$BUS/del_device,val=0"
	expect_output "write: ok"
}

@test "two processes binding and closing one device at once: one bound at a time, nothing leaked, no splat" {
	local i ok=0
	newdev "0 selftest 1"
	dmesg_mark
	for i in $(seq 40); do
		"$BIN/iofd" "vopen,path=$(node 0)" vfio_dev_bind,iommufd=ctx0 vfio_dev_info \
			>"$BATS_TEST_TMPDIR/a" 2>&1 &
		"$BIN/iofd" "vopen,path=$(node 0)" vfio_dev_bind,iommufd=ctx0 vfio_dev_info \
			>"$BATS_TEST_TMPDIR/b" 2>&1
		wait
		ok=$((ok + $(cat "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b" | grep -c 'vfio_dev_info: ok')))
	done
	[ "$ok" -ge 40 ]
	expect_nothing_left
	run dmesg_since_mark
	[[ "$output" != *WARNING* && "$output" != *BUG* ]]
}

@test "two threads binding one file at once (one bind's reply unwritable in odd rounds), then attaching while it is closed: only allowed results, nothing left" {
	newdev "0 tegra241 0x100"
	dmesg_mark
	run "$BIN/race_vfio_bind" "$(node 0)" -n 200
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == "race_vfio_bind: ok rounds=200 bind(ok+EINVAL)=100 "* ]]
	expect_nothing_left
	run cat "$BUS/devices/iommufd-sim-vfio0/bound"
	expect_output "0"
	run dmesg_since_mark
	[[ "$output" != *WARNING* && "$output" != *BUG* ]]
}

@test "QEMU 11.1's arm sequence (vfio-pci, smmuv3-accel, tegra241-cmdqv, a guest's vCMDQ use) replayed through the cdev; nothing left" {
	newdev "0 tegra241 0x100"
	run "$BIN/qemu_arm_replay" "$(node 0)"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "${lines[-1]}" == "replayed 25 steps: all as QEMU 11.1 needs them" ]]
	[[ "$output" != *FAILED* ]]
	expect_nothing_left
	run cat "$BUS/devices/iommufd-sim-vfio0/bound"
	expect_output "0"
}

# One random step of the fuzz test below: any VFIO call, valid or not,
# on the bound device, and the context calls a VMM mixes in
fuzz_step() {
	local n=$((RANDOM % 16)) id=$((RANDOM % 8))
	case $n in
	0) echo "vfio_dev_attach,pt_id=$id" ;;
	1) echo "vfio_dev_detach,flags=$((RANDOM % 3)),pasid=$((RANDOM % 3)),argsz=$((6 + RANDOM % 12))" ;;
	2) echo "vfio_dev_attach,pt_id=$id,flags=$((RANDOM % 3)),pasid=$((RANDOM % 3)),argsz=$((10 + RANDOM % 10))" ;;
	3) echo "$IOAS" ;;
	4) echo "hwpt_alloc,dev_id=1,pt_id=$id,flags=nest_parent" ;;
	5) echo "destroy,id=$id" ;;
	6) echo "cfgrd,off=$((RANDOM % 4200)),len=$((RANDOM % 9)),region=$((RANDOM % 10))" ;;
	7) echo "cfgwr,off=$((RANDOM % 4200)),len=$((1 + RANDOM % 4)),val=$((RANDOM * RANDOM))" ;;
	8) echo "vfio_dev_set_irqs,index=$((RANDOM % 6)),flags=$((RANDOM % 64)),count=$((RANDOM % 3)),start=$((RANDOM % 2)),data=$((RANDOM % 3 - 1)),argsz=$((16 + RANDOM % 10))" ;;
	9) echo "raw,v=0,cmd=$((0x3b6b + RANDOM % 22)),size=$((RANDOM % 40)),u32@$((4 * (1 + RANDOM % 7)))=$((RANDOM % 9))" ;;
	10) echo "vfio_dev_reset" ;;
	11) echo "vfio_dev_region_info,index=$((RANDOM % 12)),argsz=$((RANDOM % 40))" ;;
	12) echo "vfio_dev_feature,argsz=$((RANDOM % 40)),flags=$((RANDOM * RANDOM))" ;;
	13) echo "vfio_dev_bind,iommufd=ctx0" ;;
	14) echo "ioas_map,ioas_id=$id,flags=fixed_iova:writeable:readable,iova=$(((RANDOM % 4) << 16)),user_va=@m,length=64K" ;;
	15) echo "raw,v=0,cmd=$((0x3b6b + RANDOM % 22)),size=$((RANDOM % 40)),ptr=$([ $((RANDOM % 2)) = 0 ] && echo ro || echo bad)" ;;
	esac
}

@test "random VFIO call sequences (fixed seeds, both models, some killed) end with no splat and nothing left" {
	local round i args model
	newdev "0 selftest 1"
	newdev "1 tegra241 0x100"
	dmesg_mark
	for round in $(seq 24); do
		RANDOM=$round
		model=$((round % 2))
		args=("vopen,path=$(node $model)" vfio_dev_bind,iommufd=ctx0 mem,name=m,len=256K efd)
		for i in $(seq 60); do
			args+=("$(fuzz_step)")
		done
		if [ $((round % 5)) = 0 ]; then
			# killed somewhere in the sequence: close runs from exit
			"$BIN/iofd" "${args[@]}" >"$BATS_TEST_TMPDIR/out" 2>&1 &
			sleep 0.0$((RANDOM % 10))
			kill -KILL $! 2>/dev/null || true
			wait $! || true
		else
			run "$BIN/iofd" "${args[@]}"
			# every step ran (no usage error), whatever errno it got
			[ "$status" -eq 0 ] || {
				echo "round $round: iofd status $status: ${output: -400}"
				false
			}
		fi
		run cat "$BUS/devices/iommufd-sim-vfio$model/bound"
		expect_output "0"
	done
	expect_nothing_left
	run dmesg_since_mark
	[[ "$output" != *WARNING* && "$output" != *BUG* && "$output" != *"general protection"* ]]
}
