# SPDX-License-Identifier: GPL-2.0-only
# Shared by the VM-side bats files: where things are, loading the module,
# and assertions that show what differed.

REPO=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
BIN=$REPO/build/bin
KO=$REPO/module/iommufd_sim.ko
MOD=iommufd_sim
DEV=${IOMMUFD_SIM_DEV:-/dev/iommufd-sim}
DBG=/sys/kernel/debug/iommufd_sim
export IOMMUFD_SIM_DEV=$DEV

iofd() { "$BIN/iofd" "$@"; }
kmodctl() { "$BIN/kmodctl" "$@"; }

# Load the module built in this tree (unloading a previous copy first).
load_module() {
	unload_module
	run kmodctl insert "$KO" "$@"
	expect_output "ok"
	mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
}

unload_module() {
	if [ "$(kmodctl state $MOD)" != absent ]; then
		kmodctl remove $MOD >/dev/null
	fi
}

# expect_output EXPECTED: $output (from the last `run`) must equal EXPECTED.
expect_output() {
	if [ "$output" != "$1" ]; then
		printf 'expected output:\n%s\nactual output (status %s):\n%s\n' \
			"$1" "$status" "$output" >&2
		return 1
	fi
}

# expect_status N: the last `run` exited with N.
expect_status() {
	if [ "$status" -ne "$1" ]; then
		printf 'expected status %s, got %s; output:\n%s\n' \
			"$1" "$status" "$output" >&2
		return 1
	fi
}

# Lines the kernel logged since the mark set by dmesg_mark.
dmesg_mark() { DMESG_MARK=$(dmesg | wc -l); }
dmesg_since_mark() { dmesg | tail -n +"$((DMESG_MARK + 1))"; }

live_objects() { cat "$DBG/live_objects"; }
pinned() { cat "$DBG/pinned_pages"; }

# The vIOMMU fixture of upstream's selftest, on a fresh fd: ioas 1, stdev 2,
# idev 3, auto hwpt 4, nest parent 5, selftest vIOMMU 6, nested HWPT 7
# (iotlb 0xbadbeef).
NESTED_FIXTURE="ioas_alloc test_mock_domain,id=1 hwpt_alloc,dev_id=3,pt_id=1,flags=1 viommu_alloc,dev_id=3,hwpt_id=5,type=0xdeadbeef hwpt_alloc,dev_id=3,pt_id=6,data_type=0xdead,data=0xbadbeef"
NESTED_FIXTURE_OUT=$'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nhwpt_alloc: ok out_hwpt_id=5\nviommu_alloc: ok out_viommu_id=6\nhwpt_alloc: ok out_hwpt_id=7 data=0xbadbeef'

# start_holder IOFD_STEPS...: run iofd in the background with the given
# steps, then keep its fds open; returns once the steps ran.  The pid is in
# $HOLDER; kill_holders (called by every teardown) ends all of them.
start_holder() {
	local ready=$BATS_TEST_TMPDIR/holder.$RANDOM
	# the binary itself, not the iofd function, so $! is its pid; fd 3 is
	# closed because bats waits for every process that still holds it
	"$BIN/iofd" "$@" touch,path="$ready" sleep,s=600 >/dev/null 2>&1 3>&- &
	HOLDER=$!
	echo "$HOLDER" >>"$BATS_TEST_TMPDIR/holders"
	for _ in $(seq 200); do
		[ -e "$ready" ] && return 0
		kill -0 "$HOLDER" 2>/dev/null || break
		sleep 0.05
	done
	echo "holder did not start" >&2
	return 1
}

# stop_holder [SIGNAL]: end $HOLDER and wait for it (its fds are closed then)
stop_holder() {
	kill -"${1:-TERM}" "$HOLDER" 2>/dev/null || true
	wait "$HOLDER" 2>/dev/null || true
}

kill_holders() {
	local pid
	[ -f "$BATS_TEST_TMPDIR/holders" ] || return 0
	while read -r pid; do
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done <"$BATS_TEST_TMPDIR/holders"
	rm -f "$BATS_TEST_TMPDIR/holders"
}

# ioctl numbers used by raw tests (values checked by the host ABI test)
IOMMU_DESTROY=0x3b80
IOMMU_IOAS_ALLOC=0x3b81
