#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# KVM and the simulated VFIO devices: KVM's VFIO pseudo device takes their
# files only with the companion module iommufd_sim_kvm.ko loaded, which
# cannot load beside vfio.ko (README.md, "KVM: the companion module").
# Needs /dev/kvm: the arm64 VM has it (nested, under TCG); the x86 VMs run
# TCG without it, so there every test skips.  The QEMU tests also need
# qemu-system-aarch64 with the iommufd backend (the arm64 VM root has sid's);
# the last ones run QEMU's Arm SMMUv3 with accel=on and cmdqv=on, the
# tegra241-cmdqv model, in front of a simulated device, with UEFI firmware.

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

# ------------------- QEMU's smmuv3-accel and tegra241-cmdqv: the real client

# The UEFI firmware accel=on needs: QEMU describes the accelerated SMMU and
# the CMDQV in ACPI only (the arm64 root has qemu-efi-aarch64)
EFI=/usr/share/qemu-efi-aarch64/QEMU_EFI.fd

# start_accel_qemu [ARGS...]: device 0 behind QEMU's arm-smmuv3 with
# accel=on and cmdqv=on, on a root port of pcie.0; ARGS, or else stopped
# before the firmware's first instruction (-S), every device realized
start_accel_qemu() {
	start_qemu_bg qemu-system-aarch64 -nodefaults -display none -accel kvm \
		-M virt,gic-version=3 -cpu host -m ${RAM_MB}M \
		-object memory-backend-memfd,id=ram0,size=${RAM_MB}M -machine memory-backend=ram0 \
		-bios "$EFI" -object iommufd,id=i0,fd=3 \
		-device arm-smmuv3,primary-bus=pcie.0,id=smmuv3.1,accel=on,cmdqv=on \
		-device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
		-device vfio-pci,iommufd=i0,fd=4,id=v0,bus=rp1 "${@:--S}"
}

# wait_accel_realized: until QEMU's context (its pid opened the node, the
# shell that became QEMU) has attached the device to a nested HWPT; its
# debugfs directory in $QCTX.  120 s at most.
wait_accel_realized() {
	local i f
	for i in $(seq 240); do
		for f in "$DBG"/contexts/*/owner; do
			[ -e "$f" ] && grep -q "^pid=$QEMU_PID " "$f" || continue
			QCTX=${f%/owner}
			grep -q "attached=hwpt_nested:" "$QCTX/devices" 2>/dev/null && return 0
		done
		kill -0 "$QEMU_PID" 2>/dev/null || break
		sleep 0.5
	done
	echo "QEMU did not attach the device to a nested HWPT; QEMU said:" >&2
	cat "$QOUT" >&2
	return 1
}

need_accel_qemu() {
	need_kvm_qemu
	[ -f "$EFI" ] || skip "no UEFI firmware ($EFI)"
	qemu-system-aarch64 -device arm-smmuv3,help 2>/dev/null | grep -q 'cmdqv=' ||
		skip "$(qemu-system-aarch64 --version | head -1): no arm-smmuv3 cmdqv"
}

@test "QEMU's arm-smmuv3 accel=on,cmdqv=on realizes on a simulated tegra241 device: nest parent, TEGRA241_CMDQV vIOMMU and its page, vEVENTQ, abort and bypass STEs, the device on one before any vDEVICE" {
	need_accel_qemu
	load_kvm_module
	start_accel_qemu
	wait_accel_realized
	wait_pinned $((RAM_MB * 256))
	# QEMU 11.1's order (README.md, "Use with QEMU"): the device, the
	# IOAS, the NEST_PARENT stage 2, the vIOMMU (held by the vEVENTQ, the
	# two nested HWPTs and QEMU's mapping of its page), the vEVENTQ (its
	# fd), the abort (Cfg 0) and bypass (Cfg 4) STEs; the device sits on
	# the one the SMMU's reset GBPA asks for, with no vDEVICE (upstream's
	# arm_smmu_attach_prepare_vmaster allows abort and bypass)
	run cat "$QCTX/objects"
	expect_output "$(lines "1 device users=2 model=tegra241 stream_id=0x100" \
		"2 ioas users=2" \
		"3 hwpt_paging users=2 ioas=2 nest_parent=1 auto=0" \
		"4 viommu users=5 type=tegra241_cmdqv parent=3" \
		"5 veventq users=2" \
		"6 hwpt_nested users=1 viommu=4 ste=0x1:0x0" \
		"7 hwpt_nested users=2 viommu=4 ste=0x9:0x0")"
	run cat "$QCTX/devices"
	expect_output "device 1 model=tegra241 stream_id=0x100 attached=hwpt_nested:7 pasids=0"
	# all guest RAM through MAP_FILE of its memfd, pinned by the domain
	run grep " file " "$QCTX/ioas"
	expect_output "  map 0x40000000-0x$(printf %x $((0x40000000 + RAM_MB * 1048576 - 1))) rw file 0x0 pinned=yes locks=0 accesses=0"
	# the VINTF QEMU mapped, no LVCMDQ yet (the guest has not run)
	run cat "$QCTX/viommus"
	expect_output "$(lines "viommu 4 type=tegra241_cmdqv parent=3" \
		"  vmid=1 tlbi_nh_all=0 tlbi_nh_vaa=0 cmd_sync=0" \
		"  vintf 1 mmap_offset=0x1000 err_map=0x0:0x0" \
		"  trace total=0")"
	run grep -E '^(bound|dev_id|attached|kvm_files):' "$STATE"
	expect_output "$(lines "bound: yes" "dev_id: 1" "attached: 7" "kvm_files: 1")"
	monitor "quit"
	wait_qemu
	run grep -E '^(open_files|bound|kvm_files):' "$STATE"
	expect_output "$(lines "open_files: 0" "bound: no" "kvm_files: 0")"
	expect_nothing_left
	run ls "$DBG/contexts"
	expect_output ""
}

@test "SIGKILL of that QEMU, its VINTF page mapped and its vEVENTQ open, leaves nothing" {
	need_accel_qemu
	load_kvm_module
	start_accel_qemu
	wait_accel_realized
	kill -KILL "$QEMU_PID"
	wait_qemu || true
	run grep -E '^(open_files|bound|kvm_files):' "$STATE"
	expect_output "$(lines "open_files: 0" "bound: no" "kvm_files: 0")"
	expect_nothing_left
}

@test "a Linux guest's own arm-smmu-v3 driver under that QEMU: its S1 STE becomes a vDEVICE and a nested HWPT, its CFGI_CD and TLBI trap to HWPT_INVALIDATE; nothing left after poweroff" {
	need_accel_qemu
	local kernel w=$BATS_TEST_TMPDIR/initramfs log=$BATS_TEST_TMPDIR/guest.log
	kernel=/boot/vmlinuz-$(uname -r)
	[ -r "$kernel" ] || skip "no $kernel for the guest"
	[ -x /bin/busybox ] || skip "no /bin/busybox for the guest's initramfs"
	mkdir -p "$w/bin" "$w/proc" "$w/sys"
	cp /bin/busybox "$w/bin/busybox"
	# the guest: Debian's arm64 kernel (ARM_SMMU_V3=y, no TEGRA241_CMDQV),
	# which probes the SMMU from ACPI IORT and puts every PCI function
	# behind it in an IOMMU group with a DMA domain (iommu.strict=1)
	cat >"$w/init" <<-'EOF'
		#!/bin/busybox sh
		/bin/busybox mount -t proc proc /proc
		/bin/busybox mount -t sysfs sysfs /sys
		for i in /sys/class/iommu/*; do echo "guest-iommu: ${i##*/}"; done
		for d in /sys/bus/pci/devices/*; do
			echo "guest-pci: ${d##*/} $(/bin/busybox cat $d/vendor) $(/bin/busybox cat $d/device) $(/bin/busybox readlink $d/iommu_group)"
		done
		echo guest-up
		/bin/busybox sleep 15
		/bin/busybox poweroff -f
	EOF
	chmod 0755 "$w/init"
	(cd "$w" && /bin/busybox find . | /bin/busybox cpio -o -H newc 2>/dev/null | /bin/busybox gzip -1) \
		>"$BATS_TEST_TMPDIR/initrd"
	load_kvm_module
	RAM_MB=256
	start_accel_qemu -kernel "$kernel" -initrd "$BATS_TEST_TMPDIR/initrd" \
		-append "console=ttyAMA0 panic=-1 iommu.strict=1" -no-reboot -serial "file:$log"
	# UEFI, then the kernel, under nested KVM in the TCG VM: about 40 s
	local i
	for i in $(seq 300); do
		grep -q guest-up "$log" 2>/dev/null && break
		kill -0 "$QEMU_PID" 2>/dev/null || break
		sleep 1
	done
	grep -q guest-up "$log" || { tail -30 "$log"; cat "$QOUT"; false; }
	wait_accel_realized
	run grep -a '^guest-' "$log"
	[[ "$output" == *"guest-iommu: smmu3."* ]]
	[[ "$output" =~ "guest-pci: 0000:01:00.0 0x1b36 0x0005 "[./]*kernel/iommu_groups/[0-9]+ ]] || {
		echo "$output"
		false
	}
	# while the guest sleeps: the guest SID 0x100 (bus 1, devfn 0) is the
	# vDEVICE's virtual ID, the vSID table maps it to the device's pSID,
	# and the device is on a nested HWPT whose STE is valid stage-1
	# translate (Cfg 5) -- the guest's, through QEMU's CFGI_STE handling
	run cat "$QCTX/devices"
	[[ "$output" =~ ^"device 1 model=tegra241 stream_id=0x100 attached=hwpt_nested:"([0-9]+)" vdevice="[0-9]+" virt_id=0x100 pasids=0"$ ]] ||
		{ echo "$output"; false; }
	local s1=${BASH_REMATCH[1]} ste0
	ste0=$(sed -n "s/^$s1 hwpt_nested users=2 viommu=4 ste=\(0x[0-9a-f]*\):.*/\1/p" "$QCTX/objects")
	[ -n "$ste0" ] || { cat "$QCTX/objects"; false; }
	[ $((ste0 & 1)) = 1 ] && [ $(((ste0 >> 1) & 7)) = 5 ]
	run grep -E "^  (vsid|sid|trace|vmid)" "$QCTX/viommus"
	# the trapped path counted the guest's CFGI_CD (per pSID) and its
	# TLBI_NH_ALL; no LVCMDQ: this guest has no CMDQV driver
	[[ "${lines[0]}" =~ ^"  vmid=1 tlbi_nh_all="[1-9][0-9]*" tlbi_nh_vaa="[0-9]+" cmd_sync=0"$ ]]
	[[ "${lines[1]}" =~ ^"  sid 0x100 atc_inv=0 cfgi_cd="[1-9][0-9]*" cfgi_cd_all=0"$ ]]
	[ "${lines[2]}" = "  vsid 0x100 psid 0x100" ]
	[ "${lines[3]}" = "  trace total=0" ]
	wait_qemu
	expect_nothing_left
}
