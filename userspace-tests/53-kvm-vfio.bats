#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# KVM and the simulated VFIO devices: KVM's VFIO pseudo device takes their
# files only with the companion module iommufd_sim_kvm.ko loaded, which
# cannot load beside vfio.ko (README.md, "KVM: the companion module").
# Needs /dev/kvm: the arm64 VM has it (nested, under TCG); the x86 VMs run
# TCG without it, so there every test skips.  The QEMU tests also need
# qemu-system-aarch64 with the iommufd backend (the arm64 VM root has sid's).

load helpers

BUS=/sys/bus/iommufd_sim
KVM_KO=$REPO/module/iommufd_sim_kvm.ko
KVM_MOD=iommufd_sim_kvm
NODE=/dev/iommufd-sim-vfio0
STATE=$DBG/devices/0

setup() {
	[ -c /dev/kvm ] || skip "no /dev/kvm in this VM"
	load_module
	echo "0 tegra241 0x100" >"$BUS/new_device"
}
teardown() {
	kill_qemu
	kill_holders
	[ "$(kmodctl state $KVM_MOD)" = absent ] || kmodctl remove $KVM_MOD >/dev/null
	unload_vfio
	rm -f /etc/modprobe.d/iommufd-sim-kvm.conf
	del_sim_devices
	unload_module
}

# modprobe -r vfio alone also tries a module arm64 lacks (its softdeps)
unload_vfio() {
	[ "$(kmodctl state vfio)" = absent ] || modprobe -r vfio_iommu_type1 vfio
}
load_kvm_module() {
	run kmodctl insert "$KVM_KO"
	expect_output "ok"
}
kvm_files() { sed -n 's/^kvm_files: //p' "$STATE"; }
open_files() { sed -n 's/^open_files: //p' "$STATE"; }

@test "without the companion module KVM refuses a simulated VFIO device file: EINVAL" {
	run iofd "vopen,path=$NODE" kvm_vm kvm_file,op=add,fd=vfd0
	expect_output "$(lines "vopen: ok v=0" "kvm_vm: ok k=0" "kvm_file: EINVAL")"
}

@test "with it KVM takes the file: ADD, ADD again EEXIST, DEL, DEL again ENOENT; debugfs kvm_files follows" {
	load_kvm_module
	run iofd "vopen,path=$NODE" kvm_vm kvm_file,op=add,fd=vfd0 kvm_file,op=add,fd=vfd0 \
		kvm_file,op=del,fd=vfd0 kvm_file,op=del,fd=vfd0
	expect_output "$(lines "vopen: ok v=0" "kvm_vm: ok k=0" "kvm_file: ok" "kvm_file: EEXIST" \
		"kvm_file: ok" "kvm_file: ENOENT")"
	start_holder "vopen,path=$NODE" kvm_vm kvm_file,op=add,fd=vfd0
	run kvm_files
	expect_output "1"
	start_holder "vopen,path=$NODE" kvm_vm kvm_file,op=add,fd=vfd0 "vopen,path=$NODE" \
		kvm_file,op=add,fd=vfd1 kvm_file,op=del,fd=vfd0
	run kvm_files
	expect_output "2"
	kill_holders
	run kvm_files
	expect_output "0"
}

@test "with it KVM still refuses every other file: a context fd and an eventfd EINVAL, a closed fd EBADF" {
	load_kvm_module
	run iofd open kvm_vm kvm_file,op=add,fd=ctx0 efd kvm_file,op=add,fd=efd0 \
		kvm_file,op=add,fd=999
	expect_output "$(lines "open: ok" "kvm_vm: ok k=0" "kvm_file: EINVAL" "efd: ok e=0" \
		"kvm_file: EINVAL" "kvm_file: EBADF")"
}

@test "a file KVM holds stays open and bound after the VMM closes it; closing the VM releases it, nothing left" {
	load_kvm_module
	start_holder "vopen,path=$NODE" vfio_dev_bind,iommufd=ctx0 ioas_alloc \
		vfio_dev_attach,pt_id=1 kvm_vm kvm_file,op=add,fd=vfd0 vclose
	run grep -E '^(open_files|bound|kvm_files):' "$STATE"
	expect_output "$(lines "open_files: 1" "bound: yes" "kvm_files: 1")"
	# the module cannot go while KVM holds one of its files
	run kmodctl remove $KVM_MOD
	expect_output "ok"
	run kmodctl remove $MOD
	expect_output "EAGAIN"
	stop_holder
	run grep -E '^(open_files|bound|kvm_files):' "$STATE"
	expect_output "$(lines "open_files: 0" "bound: no" "kvm_files: 0")"
	expect_nothing_left
}

@test "iommufd_sim cannot be removed while the companion is loaded; removing the companion first works" {
	load_kvm_module
	run kmodctl remove $MOD
	expect_output "EAGAIN"
	run kmodctl state $MOD
	expect_output "live"
	run kmodctl remove $KVM_MOD
	expect_output "ok"
	run kmodctl remove $MOD
	expect_output "ok"
}

@test "the companion cannot load beside vfio.ko, nor vfio.ko beside it; the kernel log names the symbol" {
	modprobe vfio || skip "this kernel has no vfio module"
	dmesg_mark
	run kmodctl insert "$KVM_KO"
	expect_output "ENOEXEC"
	dmesg_since_mark | grep -Eq "iommufd_sim_kvm: exports duplicate symbol vfio_file_[a-z_]+ \(owned by vfio\)"
	unload_vfio
	load_kvm_module
	run modprobe vfio
	[ "$status" -ne 0 ]
	run kmodctl state vfio
	expect_output "absent"
}

@test "modprobe with the packaged rule (packaging/iommufd-sim-kvm.conf) refuses the companion beside vfio and says why" {
	modprobe vfio || skip "this kernel has no vfio module"
	local kv upd
	kv=$(uname -r)
	upd=/lib/modules/$kv/updates/iommufd-sim-test
	mkdir -p "$upd"
	cp "$KO" "$KVM_KO" "$upd/"
	depmod "$kv"
	cp "$REPO/packaging/iommufd-sim-kvm.conf" /etc/modprobe.d/iommufd-sim-kvm.conf
	run modprobe $KVM_MOD
	[ "$status" -ne 0 ]
	[[ "$output" == *"iommufd_sim_kvm: vfio is loaded"* ]]
	run kmodctl state $KVM_MOD
	expect_output "absent"
	unload_vfio
	# without vfio the rule loads it, iommufd_sim first (its dependency)
	unload_module
	run modprobe $KVM_MOD
	[ "$status" -eq 0 ]
	run kmodctl state $MOD
	expect_output "live"
	kmodctl remove $KVM_MOD >/dev/null
	rm -rf "$upd"
	depmod "$kv"
}

# ------------------------------------------------ a real VMM: QEMU + KVM ---

RAM_MB=64

need_kvm_qemu() {
	command -v qemu-system-aarch64 >/dev/null || skip "no qemu-system-aarch64"
	qemu-system-aarch64 -object help 2>/dev/null | grep -qx '  *iommufd' ||
		skip "$(qemu-system-aarch64 --version | head -1): no iommufd backend"
}

# start_kvm_qemu: QEMU with -accel kvm on device 0, stopped before the first
# instruction (-S; start_qemu_bg: helpers.bash)
start_kvm_qemu() {
	start_qemu_bg qemu-system-aarch64 -nodefaults -display none -accel kvm \
		-M virt,gic-version=3 -cpu host -m ${RAM_MB}M \
		-object memory-backend-memfd,id=ram0,size=${RAM_MB}M -machine memory-backend=ram0 \
		-object iommufd,id=i0,fd=3 -device vfio-pci,iommufd=i0,fd=4,id=v0 -S
}

@test "QEMU -accel kvm without the companion module gives up on the device: KVM refused its fd" {
	need_kvm_qemu
	start_kvm_qemu
	monitor "quit"
	# QEMU exits 1 on a realize error (not in "run": wait needs this shell)
	local rc=0
	wait_qemu || rc=$?
	[ "$rc" -eq 1 ]
	run cat "$QOUT"
	[[ "$output" == *"Failed to add fd 4 to KVM VFIO device: Invalid argument"* ]] || {
		echo "$output"
		false
	}
	expect_nothing_left
}

@test "QEMU -accel kvm with it realizes vfio-pci: KVM linked the file, all guest RAM pinned; nothing left after quit" {
	need_kvm_qemu
	load_kvm_module
	start_kvm_qemu
	wait_pinned $((RAM_MB * 256))
	run grep -E '^(bound|kvm_files):' "$STATE"
	expect_output "$(lines "bound: yes" "kvm_files: 1")"
	# the idev, the IOAS and the auto domain QEMU attached it to
	run live_objects
	expect_output "3"
	monitor "info pci"
	monitor "quit"
	wait_qemu
	run cat "$QOUT"
	[[ "$output" == *"PCI device 1b36:0005"* ]]
	[[ "$output" == *'id "v0"'* ]]
	run grep -E '^(open_files|bound|kvm_files):' "$STATE"
	expect_output "$(lines "open_files: 0" "bound: no" "kvm_files: 0")"
	expect_nothing_left
}
