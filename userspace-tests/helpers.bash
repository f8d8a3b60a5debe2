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
		printf 'diff (expected, actual):\n' >&2
		diff <(printf '%s\n' "$1") <(printf '%s\n' "$output") >&2
		return 1
	fi
}

# lines LINE...: the lines, one per argument (an expected output)
lines() { printf '%s\n' "$@"; }

# A test as a list of iofd steps, each next to the lines it prints:
#
#	steps
#	step "ioas_alloc" "ioas_alloc: ok out_ioas_id=1"
#	step "poke,name=p,val=1"			# prints nothing
#	step "$FIXTURE" "$FIXTURE_OUT"
#	run_steps
#
# step STEPS [LINE...]: STEPS (split at blanks) print LINE...; run_steps runs
# every step in ONE iofd process (the contexts and their objects live from
# step to step) and its output must be all the lines, in order.  A file may
# set RUN_IOFD to a function that runs iofd and filters $output (default:
# run iofd).
steps() {
	STEPS=()
	STEPS_OUT=()
}
step() {
	local -a words
	read -r -d '' -a words <<<"$1" || true
	STEPS+=("${words[@]}")
	shift
	STEPS_OUT+=("$@")
}
run_steps() {
	${RUN_IOFD:-run iofd} "${STEPS[@]}"
	expect_output "$(lines "${STEPS_OUT[@]}")"
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
# expect_nothing_left: no object alive and no page pinned, module-wide
expect_nothing_left() {
	run live_objects
	expect_output "0"
	run pinned
	expect_output "0"
}

# The vIOMMU fixture of upstream's selftest, on a fresh fd: ioas 1, stdev 2,
# idev 3, auto hwpt 4, nest parent 5, selftest vIOMMU 6, nested HWPT 7
# (iotlb 0xbadbeef).
NESTED_FIXTURE="ioas_alloc test_mock_domain,id=1 hwpt_alloc,dev_id=3,pt_id=1,flags=nest_parent viommu_alloc,dev_id=3,hwpt_id=5,type=selftest hwpt_alloc,dev_id=3,pt_id=6,data_type=selftest,data=0xbadbeef"
NESTED_FIXTURE_OUT=$'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nhwpt_alloc: ok out_hwpt_id=5\nviommu_alloc: ok out_viommu_id=6\nhwpt_alloc: ok out_hwpt_id=7 data=0xbadbeef'

# The Tegra241 fixtures (the simulated Grace SMMUv3 + CMDQV), as iofd steps
# on a fresh context.
#
# tegra241_nest [PSID]: ioas 1, a Tegra241 device (stdev 2, idev 3, physical
# SID PSID, default 0x100) attached to nothing, nest parent 4
tegra241_nest() {
	echo "ioas_alloc sim_device_alloc,model=tegra241,stream_id=${1:-0x100}" \
		"hwpt_alloc,dev_id=3,pt_id=1,flags=nest_parent"
}
TEGRA241_NEST_OUT=$(lines "ioas_alloc: ok out_ioas_id=1" \
	"sim_device_alloc: ok out_stdev_id=2 out_hwpt_id=0 out_idev_id=3" \
	"hwpt_alloc: ok out_hwpt_id=4")
# TEGRA241_VINTF: a TEGRA241_CMDQV vIOMMU (a VINTF) on the nest parent; its
# data words come back as out_vintf_mmap_offset and _length (lo:hi each):
# tegra241_vintf_out ID OFFSET
TEGRA241_VINTF="viommu_alloc,dev_id=3,hwpt_id=4,type=tegra241_cmdqv,data=0:0:0:0"
tegra241_vintf_out() {
	echo "viommu_alloc: ok out_viommu_id=$1 data=$2:0x0:0x10000:0x0"
}
# tegra241_queue_fixture RAM [PSID]: 16 KiB of memory RAM, tegra241_nest,
# vIOMMU 5 with its page at offset 0x1000, the first page of RAM at IOVA
# 0x1000000 (where LVCMDQ rings go)
tegra241_queue_fixture() {
	local map=ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000
	echo "mem,name=$1,len=16K $(tegra241_nest "${2:-}") $TEGRA241_VINTF" \
		"$map,user_va=@$1,length=4K"
}
TEGRA241_QUEUE_FIXTURE_OUT=$(lines "$TEGRA241_NEST_OUT" \
	"$(tegra241_vintf_out 5 0x1000)" "ioas_map: ok iova=0x1000000")
# tegra241_fixture RAM PAGE [PSID]: tegra241_queue_fixture RAM PSID, vIOMMU
# 5's page mapped as PAGE, vDEVICE 6 (vSID 0x10 -> PSID), TEGRA241_CMDQV
# vEVENTQ 7; no queue yet
tegra241_fixture() {
	echo "$(tegra241_queue_fixture "$1" "${3:-}") mmap,name=$2,off=0x1000,len=64K" \
		"vdevice_alloc,viommu_id=5,dev_id=3,virt_id=0x10" \
		"veventq_alloc,viommu_id=5,type=tegra241_cmdqv,veventq_depth=64"
}
TEGRA241_FIXTURE_OUT=$(lines "$TEGRA241_QUEUE_FIXTURE_OUT" "mmap: ok" \
	"vdevice_alloc: ok out_vdevice_id=6" \
	"veventq_alloc: ok out_veventq_id=7 fd=anon_inode:[iommufd-viommu-event] flags=rdwr,cloexec")

# The LVCMDQ register windows of a mapped VINTF page ($PG, default p), as
# iofd steps: register offsets, wr Q REG VAL, rd Q REG, regs Q (all six)
# and what regs prints: regs_out CONS PROD CONFIG STATUS GERROR GERRORN
CONS=0 PROD=4 CONFIG=8 STATUS=12 GERROR=16 GERRORN=20
wr() { echo "poke,name=${PG:-p},off=$(($1 * 0x80 + $2)),val=$3"; }
rd() { echo "peek,name=${PG:-p},off=$(($1 * 0x80 + $2))"; }
regs() { local r; for r in $CONS $PROD $CONFIG $STATUS $GERROR $GERRORN; do rd "$1" $r; done; }
regs_out() { printf 'peek: %s\n' "$@"; }

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

# Delete every simulated VFIO device (teardown; nothing may hold a node)
del_sim_devices() {
	local d
	for d in /sys/bus/iommufd_sim/devices/iommufd-sim-vfio*; do
		[ -e "$d" ] || continue
		echo "${d##*vfio}" >/sys/bus/iommufd_sim/del_device || true
	done
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

# A QEMU run in the background by a test (52-qemu-vfio.bats,
# 53-kvm-vfio.bats): its pid in $QEMU_PID, its output in $QOUT, its monitor
# reading what is written to fd 5.

# start_qemu_bg QEMU ARGS...: run QEMU in the background with the context as
# fd 3 and device 0's node as fd 4 (the fd passing of README.md, "Use with
# QEMU"), its monitor reading the fifo $MON (held open for writing as fd 5)
start_qemu_bg() {
	MON=$BATS_TEST_TMPDIR/mon
	QOUT=$BATS_TEST_TMPDIR/qemu.out
	mkfifo "$MON"
	"$@" -monitor stdio 3<>"$DEV" 4<>/dev/iommufd-sim-vfio0 <"$MON" >"$QOUT" 2>&1 &
	QEMU_PID=$!
	exec 5>"$MON"
}

# kill_qemu: end it, if one runs (teardown)
kill_qemu() {
	[ -z "${QEMU_PID:-}" ] || { kill -KILL "$QEMU_PID" 2>/dev/null; wait "$QEMU_PID" 2>/dev/null; } || true
	QEMU_PID=
	exec 5>&- 2>/dev/null || true
}

# wait_pinned N: until at least N pages are pinned (QEMU realized the
# device and mapped the RAM), or QEMU is gone; 120 s at most
wait_pinned() {
	local i
	for i in $(seq 240); do
		[ "$(pinned)" -ge "$1" ] && return 0
		kill -0 "$QEMU_PID" 2>/dev/null || break
		sleep 0.5
	done
	echo "pinned $(pinned), want $1; QEMU said:" >&2
	cat "$QOUT" >&2
	return 1
}

# monitor CMD: send one HMP command (QEMU keeps reading: fd 5 stays open)
monitor() { echo "$1" >&5; }

wait_qemu() {
	local rc=0
	wait "$QEMU_PID" || rc=$?
	QEMU_PID=
	exec 5>&-
	return $rc
}
