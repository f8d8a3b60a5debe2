#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# A real client: an unmodified QEMU (11.1 from sid; any QEMU with the
# iommufd backend) takes a simulated VFIO device as vfio-pci through the
# module's context, as README.md, "Use with QEMU", tells a user to run it.
# Skipped where no such QEMU is installed (bookworm's 7.2 has no iommufd
# backend); scripts/check runs it on the sid target.

load helpers

BUS=/sys/bus/iommufd_sim
# the guest's RAM: a memfd backend QEMU maps into the IOAS as a whole
RAM_MB=64

# Why this file is skipped here, or nothing
no_qemu() {
	command -v qemu-system-x86_64 >/dev/null || {
		echo "no qemu-system-x86_64"
		return
	}
	qemu-system-x86_64 -object help 2>/dev/null | grep -qx '  *iommufd' ||
		echo "$(qemu-system-x86_64 --version | head -1): no iommufd backend"
}

setup_file() {
	NO_QEMU=$(no_qemu)
	export NO_QEMU
	[ -n "$NO_QEMU" ] || load_module
}
setup() {
	[ -z "$NO_QEMU" ] || skip "$NO_QEMU"
}
teardown() {
	kill_qemu
	del_sim_devices
}
teardown_file() { unload_module; }

# start_qemu MODEL SID [QEMU ARGS...]: make device 0 and start QEMU on it
# (start_qemu_bg; wait_pinned, monitor and wait_qemu: helpers.bash)
start_qemu() {
	echo "0 $1 $2" >"$BUS/new_device"
	shift 2
	start_qemu_bg qemu-system-x86_64 -nodefaults -display none -accel tcg -M pc -m ${RAM_MB}M \
		-object memory-backend-memfd,id=ram0,size=${RAM_MB}M -machine memory-backend=ram0 \
		-object iommufd,id=i0,fd=3 -device vfio-pci,iommufd=i0,fd=4,id=v0 "$@"
}

@test "QEMU realizes vfio-pci from a tegra241 device: all guest RAM pinned, the device on its PCI bus; nothing left after quit" {
	start_qemu tegra241 0x100 -S
	wait_pinned $((RAM_MB * 256))
	# the idev, the IOAS and the auto domain QEMU attached it to
	run live_objects
	expect_output "3"
	run cat "$BUS/devices/iommufd-sim-vfio0/bound"
	expect_output "1"
	monitor "info pci"
	monitor "quit"
	wait_qemu
	# QEMU's own view of the function: the IDs and class it read from us
	run grep -A3 'Bus  0, device   2' "$QOUT"
	[[ "$output" == *"Class 65280: PCI device 1b36:0005"* ]]
	[[ "$output" == *"PCI subsystem 1b36:0005"* ]]
	[[ "$output" == *'id "v0"'* ]]
	expect_nothing_left
	run cat "$BUS/devices/iommufd-sim-vfio0/bound"
	expect_output "0"
}

@test "a guest kernel under that QEMU finds the function on its PCI bus with its IDs and class; nothing left after it powers off" {
	local kernel w=$BATS_TEST_TMPDIR/initramfs
	kernel=/boot/vmlinuz-$(uname -r)
	[ -r "$kernel" ] || skip "no $kernel for the guest"
	[ -x /bin/busybox ] || skip "no /bin/busybox for the guest's initramfs"
	mkdir -p "$w/bin" "$w/proc" "$w/sys"
	cp /bin/busybox "$w/bin/busybox"
	cat >"$w/init" <<-'EOF'
		#!/bin/busybox sh
		/bin/busybox mount -t proc proc /proc
		/bin/busybox mount -t sysfs sysfs /sys
		for d in /sys/bus/pci/devices/*; do
			echo "guest-pci: $(/bin/busybox cat $d/vendor) $(/bin/busybox cat $d/device) $(/bin/busybox cat $d/class)"
		done
		echo guest-done
		/bin/busybox poweroff -f
	EOF
	chmod 0755 "$w/init"
	# a Debian kernel needs more than the other tests' 64 MiB
	RAM_MB=256
	(cd "$w" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$BATS_TEST_TMPDIR/initrd"
	start_qemu tegra241 0x100 -kernel "$kernel" -initrd "$BATS_TEST_TMPDIR/initrd" \
		-append "console=ttyS0 quiet panic=-1" -no-reboot \
		-serial "file:$BATS_TEST_TMPDIR/guest.log"
	wait_pinned $((RAM_MB * 256))
	# under TCG inside the TCG test VM the boot takes minutes: 10 at most
	for _ in $(seq 600); do
		grep -q guest-done "$BATS_TEST_TMPDIR/guest.log" 2>/dev/null && break
		kill -0 "$QEMU_PID" 2>/dev/null || break
		sleep 1
	done
	wait_qemu
	run grep guest-pci "$BATS_TEST_TMPDIR/guest.log"
	[[ "$output" == *"guest-pci: 0x1b36 0x0005 0xff0000"* ]] || {
		tail -20 "$BATS_TEST_TMPDIR/guest.log"
		false
	}
	expect_nothing_left
}

@test "QEMU killed with SIGKILL while the device is bound and attached leaves nothing behind; the device can be deleted" {
	start_qemu tegra241 0x100 -S
	wait_pinned $((RAM_MB * 256))
	kill -KILL "$QEMU_PID"
	wait_qemu || true
	expect_nothing_left
	run iofd "write,path=$BUS/del_device,val=0"
	expect_output "write: ok"
}

@test "a selftest device cannot take guest RAM at 0 (its aperture starts at 16 MiB): QEMU's realize fails, nothing left" {
	local rc=0
	start_qemu selftest 1 -S
	wait_qemu || rc=$?
	[ "$rc" -ne 0 ]
	run cat "$QOUT"
	[[ "$output" == *"vfio_container_dma_map"*"Invalid argument"* ]]
	expect_nothing_left
}
