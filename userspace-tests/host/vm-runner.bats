#!/usr/bin/env bats
# Host-side tests of the QEMU VM runner (scripts/vm-run) and the kernel splat
# scanner (scripts/lib/splat-scan).  The VM tests boot a guest each (a few
# seconds under TCG), so keep them few.

setup() {
	REPO=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	VMRUN=$REPO/scripts/vm-run
	SPLAT_SCAN=$REPO/scripts/lib/splat-scan
	OUT=$BATS_TEST_TMPDIR/out
}

need_vm() {
	[ "$(id -u)" -eq 0 ] || skip "vm-run needs root"
	command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86 missing"
	"$VMRUN" --print-kernel >/dev/null 2>&1 || skip "no bootable kernel"
}

# --- no VM -----------------------------------------------------------------

@test "splat-scan: clean log passes, log with a splat fails and shows it" {
	local log=$BATS_TEST_TMPDIR/clean.log
	printf '%s\n' '[    0.000000] Linux version 6.1.0' \
		'[    1.429532] AMD-Vi: AMD IOMMUv2 functionality not available on this system - This is not a bug.' \
		'[    2.674003] 9p: Installing v9fs 9p2000 file system support' >"$log"
	run "$SPLAT_SCAN" "$log"
	[ "$status" -eq 0 ]
	[ -z "$output" ]

	local bad=$BATS_TEST_TMPDIR/bad.log
	cp "$log" "$bad"
	printf '[    3.000000] WARNING: CPU: 1 PID: 42 at drivers/iommu/x.c:10 foo+0x1/0x2\r\n' >>"$bad"
	printf '[    3.100000] BUG: KASAN: slab-use-after-free in bar\n' >>"$bad"
	run "$SPLAT_SCAN" "$bad"
	[ "$status" -eq 1 ]
	[[ "$output" == *"kernel splat"* ]]
	[[ "$output" == *"WARNING: CPU: 1 PID: 42 at drivers/iommu/x.c:10"* ]]
	[[ "$output" == *"BUG: KASAN: slab-use-after-free in bar"* ]]
	[[ "$output" != *"Linux version"* ]]

	run "$SPLAT_SCAN" "$BATS_TEST_TMPDIR/does-not-exist"
	[ "$status" -eq 2 ]
}

@test "vm-run: --print-kernel names an installed kernel with headers" {
	run "$VMRUN" --print-kernel
	[ "$status" -eq 0 ]
	[ -n "$output" ]
	[ -e "/boot/vmlinuz-$output" ] || [ -n "${KDIR:-}" ]
	[ -f "/lib/modules/$output/build/Makefile" ] || [ -n "${KDIR:-}" ]
}

@test "vm-run: usage errors exit 125 without booting" {
	run "$VMRUN" --timeout abc -- true
	[ "$status" -eq 125 ]
	[[ "$output" == *"--timeout"* ]]
	run "$VMRUN"
	[ "$status" -eq 125 ]
	[[ "$output" == *"usage:"* ]]
}

# --- VM --------------------------------------------------------------------

@test "vm-run: returns the command's exit status" {
	need_vm
	run "$VMRUN" --out "$OUT" -- sh -c 'echo guest-says-hi; exit 7'
	[ "$status" -eq 7 ]
	[[ "$output" == *"guest-says-hi"* ]]
	[ "$(cat "$OUT/status")" = 7 ]
	[ -s "$OUT/console.log" ]
	[ -s "$OUT/dmesg.log" ]
	[ -f "$OUT/cmd.sh" ]
}

@test "vm-run: a kernel WARNING makes a successful command fail with 3" {
	need_vm
	run "$VMRUN" --out "$OUT" -- sh -c \
		'echo "WARNING: CPU: 0 PID: 1 at iommufd-sim-fake-splat" >/dev/kmsg'
	[ "$status" -eq 3 ]
	grep -q 'WARNING: CPU: 0 PID: 1 at iommufd-sim-fake-splat' "$OUT/dmesg.log"
	[[ "$output" == *"kernel splat"* ]]
	[[ "$output" == *"WARNING: CPU: 0 PID: 1 at iommufd-sim-fake-splat"* ]]
	# --no-splat-check accepts the same run.
	run "$VMRUN" --out "$OUT" --no-splat-check -- sh -c \
		'echo "WARNING: CPU: 0 PID: 1 at iommufd-sim-fake-splat" >/dev/kmsg'
	[ "$status" -eq 0 ]
}

@test "vm-run: a failing command keeps its status and still shows the splat" {
	need_vm
	run "$VMRUN" --out "$OUT" -- sh -c \
		'echo "BUG: iommufd-sim-fake-bug" >/dev/kmsg; exit 5'
	[ "$status" -eq 5 ]
	[[ "$output" == *"BUG: iommufd-sim-fake-bug"* ]]
}

@test "vm-run: guest sees the host root at the same cwd, writes to DIR, cannot write the host" {
	need_vm
	cd "$REPO"
	local probe=vm-runner-probe-$$-$RANDOM
	# shellcheck disable=SC2016 # expanded by the guest
	run env VM_PASS_EXPECT_CWD="$REPO" VM_PASS_PROBE="$probe" \
		"$VMRUN" --out "$OUT" -- bash -c '
		set -e
		[ "$PWD" = "$VM_PASS_EXPECT_CWD" ] || { echo "bad cwd $PWD"; exit 10; }
		[ -x scripts/vm-run ] || { echo "repo not visible"; exit 11; }
		[ "$HOME" = /root ] && [ "$TERM" = dumb ] || { echo "bad env"; exit 12; }
		echo written-in-guest >"$VM_OUT_DIR/from-guest"
		echo scratch >"$VM_PASS_PROBE"
		[ "$(cat "$VM_PASS_PROBE")" = scratch ] || exit 13
		touch /tmp/x /run/x /dev/shm/x /root/x || exit 14
		[ -e /proc/self/status ] && [ -c /dev/null ] || exit 15
		echo guest-ok'
	[ "$status" -eq 0 ]
	[[ "$output" == *"guest-ok"* ]]
	[ "$(cat "$OUT/from-guest")" = written-in-guest ]
	[ ! -e "$REPO/$probe" ]
}

@test "vm-run: --timeout kills the VM and returns 124" {
	need_vm
	run "$VMRUN" --out "$OUT" --timeout 3 -- sleep 600
	[ "$status" -eq 124 ]
	[[ "$output" == *"TIMEOUT"* ]]
	[ ! -e "$OUT/status" ]
}
