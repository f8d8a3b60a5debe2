#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Module-wide introspection without the VMM's fd (README.md, "Watching the
# simulated hardware"): debugfs contexts/<N>/ (owner, objects, devices,
# ioas, viommus) follows each context's objects as ioctls make and destroy
# them, and iommufd-sim-show prints it with the SMMUv3 commands a VINTF's
# LVCMDQs consumed decoded.  Readers racing close and DESTROY crash nothing.
#
# The contexts are iofd holders (helpers.bash, start_holder); the engine
# runs manually (cmdqv_engine_manual=1), so what a LVCMDQ consumed is
# exactly what the test stepped.

load helpers

setup_file() { load_module cmdqv_engine_manual=1; }
teardown() { kill_holders; del_sim_devices; }
teardown_file() { unload_module; }

SHOW() { "$BIN/iommufd-sim-show" "$@"; }

# ctx_of PID: the contexts/<N> directory of the context PID opened
ctx_of() {
	local f
	for f in "$DBG"/contexts/*/owner; do
		[ -e "$f" ] || continue
		if grep -qx "pid=$1 comm=iofd" "$f"; then
			echo "${f%/owner}"
			return 0
		fi
	done
	echo "no context of pid $1 under $DBG/contexts" >&2
	return 1
}

# e I W0 W1: command (W0, W1) in slot I of LVCMDQ 0's ring at RAM "a"
e() { echo "ent,name=a,off=0,i=$1,w0=$2,w1=$3"; }
# the LVCMDQ 0 register window of the VINTF page "p"
wr() { echo "poke,name=p,off=$1,val=$2"; }
PROD=4 CONFIG=8
Q0="hw_queue_alloc,viommu_id=5,type=tegra241_cmdqv,index=0,nesting_parent_iova=0x1000000,length=2048"
ASID7="0x0007123400000011 0"	# TLBI_NH_ASID ASID 7, a guest VMID 0x1234
VA7="0x0007000000000012 0x1000"	# TLBI_NH_VA ASID 7, VA 0x1000
ATC="0x0000001000000040 0x34"	# ATC_INV vSID 0x10, the whole ATC
SYNC="0x46 0"			# CMD_SYNC CS=NONE
NH_ALL="0x10 0"			# TLBI_NH_ALL: a vCMDQ stops on it
# the Tegra241 fixture (vIOMMU 5, vDEVICE 6 vSID 0x10 -> pSID 0x100,
# vEVENTQ 7), LVCMDQ 0 = HW queue 8 holding four commands and an illegal
# fifth, enabled and stepped: it runs four and stops at the fifth
vcmdq_run() {
	# shellcheck disable=SC2086 # the command words are split on purpose
	echo "$(tegra241_fixture a p) $Q0 $(e 0 $ASID7) $(e 1 $VA7) $(e 2 $ATC)" \
		"$(e 3 $SYNC) $(e 4 $NH_ALL) $(wr $CONFIG 1) $(wr $PROD 5)" \
		"sim_cmdqv_step,id=5"
}

@test "a context's directory appears at open with its owner and goes at close" {
	start_holder ioas_alloc
	run ctx_of "$HOLDER"
	expect_status 0
	local d=$output
	run ls "$d"
	expect_output "$(lines devices ioas objects owner viommus)"
	run cat "$d/objects"
	expect_output "1 ioas users=1"
	stop_holder
	[ ! -e "$d" ]
	expect_nothing_left
}

@test "contexts are numbered by open and two contexts show only their own objects" {
	start_holder ioas_alloc ioas_alloc
	local a=$HOLDER da
	da=$(ctx_of "$a")
	start_holder ioas_alloc
	local db
	db=$(ctx_of "$HOLDER")
	[ "${db##*/}" -gt "${da##*/}" ]
	run cat "$da/objects"
	expect_output "$(lines "1 ioas users=1" "2 ioas users=1")"
	run cat "$db/objects"
	expect_output "1 ioas users=1"
}

@test "objects: every object's type, long-term users and what it is built on" {
	start_holder $(vcmdq_run)
	local d
	d=$(ctx_of "$HOLDER")
	run cat "$d/objects"
	# users: the table's own, plus ioas 1: the nest parent; device 3: its
	# stdev and vDEVICE; hwpt 4: the vIOMMU; vIOMMU 5: vDEVICE, vEVENTQ,
	# HW queue and the mapping of its page ("p"); vEVENTQ 7: its fd
	expect_output "$(lines \
		"1 ioas users=2" \
		"2 selftest users=1" \
		"3 device users=3 model=tegra241 stream_id=0x100" \
		"4 hwpt_paging users=2 ioas=1 nest_parent=1 auto=0" \
		"5 viommu users=5 type=tegra241_cmdqv parent=4" \
		"6 vdevice users=1 viommu=5 dev=3 virt_id=0x10" \
		"7 veventq users=2" \
		"8 hw_queue users=1 viommu=5 index=0 base=0x1000000 length=0x800")"
}

@test "objects follows DESTROY: a destroyed HW queue leaves, its vIOMMU has one user less" {
	start_holder $(vcmdq_run) destroy,id=8
	local d
	d=$(ctx_of "$HOLDER")
	run grep -c "hw_queue" "$d/objects"
	expect_output "0"
	run grep "^5 " "$d/objects"
	expect_output "5 viommu users=4 type=tegra241_cmdqv parent=4"
}

@test "devices: model, stream ID, attachment, vDEVICE and PASIDs" {
	start_holder ioas_alloc test_mock_domain,id=1
	local d
	d=$(ctx_of "$HOLDER")
	run cat "$d/devices"
	expect_output "device 3 model=selftest stream_id=0x0 attached=hwpt_paging:4 pasids=0"
	stop_holder

	start_holder $(vcmdq_run)
	d=$(ctx_of "$HOLDER")
	run cat "$d/devices"
	expect_output "device 3 model=tegra241 stream_id=0x100 attached=none vdevice=6 virt_id=0x10 pasids=0"
}

@test "ioas: mappings with protection, memory and pin state; domains; a HW queue's lock" {
	local map=ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable
	# no domain: mapped, not pinned
	start_holder mem,name=m,len=16K ioas_alloc "$map,iova=0x100000,user_va=@m,length=8K" \
		"ioas_map,ioas_id=1,flags=fixed_iova:readable,iova=0x200000,user_va=@m,length=4K"
	local d
	d=$(ctx_of "$HOLDER")
	run sed 's/ user 0x[0-9a-f]* / user VA /' "$d/ioas"
	expect_output "$(lines "ioas 1" \
		"  domains=0 iova_alignment=0x1 hw_queue_pins=0" \
		"  map 0x100000-0x101fff rw user VA pinned=no locks=0 accesses=0" \
		"  map 0x200000-0x200fff r- user VA pinned=no locks=0 accesses=0")"
	stop_holder

	# the Tegra241 nest parent is a domain: pinned; the ring is locked;
	# what lies beyond its 48-bit aperture is reserved
	start_holder $(vcmdq_run)
	d=$(ctx_of "$HOLDER")
	run sed 's/ user 0x[0-9a-f]* / user VA /' "$d/ioas"
	expect_output "$(lines "ioas 1" \
		"  domains=1 iova_alignment=0x1000 hw_queue_pins=1" \
		"  map 0x1000000-0x1000fff rw user VA pinned=yes locks=1 accesses=0" \
		"  reserved 0x1000000000000-0xffffffffffffffff")"
	# the address shown is the holder's own mapping of its RAM
	run grep -o ' user 0x[0-9a-f]* ' "$d/ioas"
	local va=${output#* user }
	va=${va% }
	grep -q "^${va#0x}-" "/proc/$HOLDER/maps"
}

@test "viommus: the VINTF's vSID table, LVCMDQ registers, counters and raw trace" {
	start_holder $(vcmdq_run)
	local d
	d=$(ctx_of "$HOLDER")
	run cat "$d/viommus"
	# VMID 1: the first vIOMMU of this module load (VMIDs are freed with
	# their vIOMMU); four commands run, CONS stops at the fifth with
	# CERROR_ILL (1) in CONS.ERR, GERROR.CMDQ_ERR set, err_map bit 0
	expect_output "$(lines "viommu 5 type=tegra241_cmdqv parent=4" \
		"  vdevice 6 virt_id=0x10 dev=3" \
		"  vmid=1 tlbi_nh_all=0 tlbi_nh_vaa=0 cmd_sync=1" \
		"  asid 7 tlbi_nh_asid=1 tlbi_nh_va=1" \
		"  sid 0x100 atc_inv=1 cfgi_cd=0 cfgi_cd_all=0" \
		"  vintf 1 mmap_offset=0x1000 err_map=0x1:0x0" \
		"  vsid 0x10 psid 0x100" \
		"  lvcmdq 0 hw_queue=8 base=0x1000000 log2size=7 enabled=1 cons=0x4 prod=0x5 config=0x1 cons_err=1 gerror=0x1 tlbi_nh_asid=1 tlbi_nh_va=1 atc_inv=1 cmd_sync=1 errors=1" \
		"  trace total=5" \
		"  cmd seq=0 q=0 cerror=0 raw=0x7123400000011:0x0 exec=0x7000100000011:0x0" \
		"  cmd seq=1 q=0 cerror=0 raw=0x7000000000012:0x1000 exec=0x7000100000012:0x1000" \
		"  cmd seq=2 q=0 cerror=0 raw=0x1000000040:0x34 exec=0x10000000040:0x34" \
		"  cmd seq=3 q=0 cerror=0 raw=0x46:0x0 exec=0x46:0x0" \
		"  cmd seq=4 q=0 cerror=1 raw=0x10:0x0 exec=0x0:0x0")"
}

@test "viommus: the trapped path's counters, and a selftest vIOMMU (no type state)" {
	start_holder $(tegra241_nest) $TEGRA241_VINTF \
		"hwpt_invalidate,hwpt_id=5,data_type=arm_smmuv3,entry_len=16,entry_num=2,data=0x11:0x90000:0x0:0x0:0x10:0x0:0x0:0x0"
	local d
	d=$(ctx_of "$HOLDER")
	run grep -v "^  cmd\|^  vintf\|^  trace" "$d/viommus"
	expect_output "$(lines "viommu 5 type=tegra241_cmdqv parent=4" \
		"  vmid=1 tlbi_nh_all=1 tlbi_nh_vaa=0 cmd_sync=0" \
		"  asid 9 tlbi_nh_asid=1 tlbi_nh_va=0")"
	stop_holder

	start_holder $NESTED_FIXTURE
	d=$(ctx_of "$HOLDER")
	run cat "$d/viommus"
	expect_output "viommu 6 type=selftest parent=5"
}

@test "iommufd-sim-show decodes the trace: names, fields, the VMID and pSID the hardware used, the CERROR" {
	start_holder $(vcmdq_run)
	local d
	d=$(ctx_of "$HOLDER")
	run SHOW "${d##*/}"
	expect_status 0
	[ "${lines[0]}" = "iommufd_sim: live_objects=8 pinned_pages=$(pinned)" ]
	[ "${lines[1]}" = "context ${d##*/} (pid=$HOLDER comm=iofd)" ]
	run sh -c "$BIN/iommufd-sim-show ${d##*/} | sed -n '/^  viommus:/,\$p' | grep -A20 'trace total'"
	expect_output "$(lines "      trace total=5" \
		"      #0 lvcmdq 0: TLBI_NH_ASID vmid=4660 asid=7" \
		"        executed as: TLBI_NH_ASID vmid=1 asid=7" \
		"      #1 lvcmdq 0: TLBI_NH_VA vmid=0 asid=7 va=0x1000 leaf=0 num=0 scale=0 tg=0 ttl=0" \
		"        executed as: TLBI_NH_VA vmid=1 asid=7 va=0x1000 leaf=0 num=0 scale=0 tg=0 ttl=0" \
		"      #2 lvcmdq 0: ATC_INV sid=0x10 ssid=0x0 ssv=0 global=0 size=all" \
		"        executed as: ATC_INV sid=0x100 ssid=0x0 ssv=0 global=0 size=all" \
		"      #3 lvcmdq 0: CMD_SYNC cs=none msh=0 msiattr=0 msidata=0x0 msiaddr=0x0" \
		"      #4 lvcmdq 0: TLBI_NH_ALL vmid=0" \
		"        stopped the queue: CERROR_ILL")"
}

@test "iommufd-sim-show: every context by default, -w/-n rounds, the simulated VFIO devices, bad arguments" {
	start_holder ioas_alloc
	local d
	d=$(ctx_of "$HOLDER")
	run SHOW
	expect_status 0
	echo "$output" | grep -qx "context ${d##*/} (pid=$HOLDER comm=iofd)"
	echo "$output" | grep -qx "    1 ioas users=1"
	run SHOW -w 1 -n 2 "${d##*/}"
	expect_status 0
	[ "$(echo "$output" | grep -c '^--- round ')" = 2 ]
	[ "$(echo "$output" | grep -c "^context ${d##*/} ")" = 2 ]
	stop_holder

	echo "7 tegra241 0x700" >/sys/bus/iommufd_sim/new_device
	run SHOW
	del_sim_devices
	expect_status 0
	echo "$output" | grep -qx "  simulated VFIO device 7:"
	echo "$output" | grep -q "^    stream_id: 0x700"
	echo "$output" | grep -qx "no open contexts"

	run SHOW 99999
	expect_status 1
	[[ "$output" == *"no context 99999 in $DBG/contexts"* ]]
	run SHOW -w 0
	expect_status 2
	run SHOW -n 3
	expect_status 2
	run SHOW abc
	expect_status 2
	run SHOW -d /nonexistent
	expect_status 1
	[[ "$output" == *"cannot read /nonexistent/contexts"* ]]
}

@test "readers racing close and DESTROY: no splat, nothing left" {
	dmesg_mark
	local i d
	# a reader loop over every context file, in the background
	(
		end=$((SECONDS + 20))
		while [ $SECONDS -lt $end ] && [ ! -e "$BATS_TEST_TMPDIR/stop" ]; do
			cat "$DBG"/contexts/*/* >/dev/null 2>&1 || true
		done
	) 3>&- &
	local reader=$!
	for i in $(seq 15); do
		start_holder $(vcmdq_run) destroy,id=8 destroy,id=7 destroy,id=6
		stop_holder KILL
	done
	touch "$BATS_TEST_TMPDIR/stop"
	wait "$reader"
	run dmesg_since_mark
	[[ "$output" != *"BUG"* && "$output" != *"WARNING"* && "$output" != *"lockdep"* ]] ||
		{ echo "$output" >&2; false; }
	expect_nothing_left
	run ls "$DBG/contexts"
	expect_output ""
}
