#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# The simulated Tegra241 CMDQV engine (README.md, "The engine"
# and "Policy where real hardware is not known"):
# the enable handshake, commands consumed from the guest ring with exact
# CONS and wrap, their effects (IOMMUFD_SIM_OP_CMDQV_QUEUE_STATE,
# IOMMUFD_SIM_OP_VIOMMU_COUNTERS, IOMMUFD_SIM_OP_CMDQV_TRACE), every
# CERROR_ILL policy row with the GERROR/GERRORN toggle protocol, the 16-byte
# TEGRA241_CMDQV vEVENT and recovery, both engine modes, teardown with work
# pending, and isolation between contexts.
#
# The module runs with cmdqv_engine_manual=1, so the engine moves only on
# IOMMUFD_SIM_OP_CMDQV_STEP and every register value is deterministic; the
# tests of the automatic mode reload it with the defaults and poll with a
# generous deadline.

load helpers

setup_file() { load_module cmdqv_engine_manual=1; }
teardown() {
	kill_holders
	# a test that reloaded the module or changed the mode: manual again
	if [ "$(cat /sys/module/$MOD/parameters/cmdqv_engine_manual)" != Y ]; then
		load_module cmdqv_engine_manual=1
	fi
}
teardown_file() { unload_module; }

PARAM_MANUAL=/sys/module/$MOD/parameters/cmdqv_engine_manual

# F0: tegra241_fixture a p (helpers.bash): guest RAM "a", ioas 1, Tegra241
# device (stdev 2, idev 3, pSID 0x100), nest parent 4, TEGRA241_CMDQV
# vIOMMU 5 with its page mapped as "p", vDEVICE 6 (vSID 0x10), vEVENTQ 7
F0=$(tegra241_fixture a p 0x100)
F0_OUT=$TEGRA241_FIXTURE_OUT
# LVCMDQ 0 (HW queue 8) and LVCMDQ 1 (HW queue 9): 128 entries each, at
# RAM + 0 and RAM + 0x800
Q0="hw_queue_alloc,viommu_id=5,type=tegra241_cmdqv,index=0,nesting_parent_iova=0x1000000,length=2048"
Q1="hw_queue_alloc,viommu_id=5,type=tegra241_cmdqv,index=1,nesting_parent_iova=0x1000800,length=2048"
F="$F0 $Q0"
F_OUT="$F0_OUT"$'\nhw_queue_alloc: ok out_hw_queue_id=8'
Q1_OUT="hw_queue_alloc: ok out_hw_queue_id=9"

# Registers of the LVCMDQ windows: wr, rd, regs, regs_out (helpers.bash)
# e Q I CMD [N]: command CMD in slot I (and N - 1 more) of LVCMDQ Q's ring
e() { echo "ent,name=${RAM:-a},off=$(($1 * 0x800)),i=$2,$3${4:+,n=$4}"; }

# SMMUv3 commands as ent arguments (w0, w1)
ASID7="w0=0x0007123400000011,w1=0"	# TLBI_NH_ASID ASID 7, VMID field 0x1234
VA7="w0=0x0007000000000012,w1=0x1000"	# TLBI_NH_VA ASID 7, VA 0x1000
ASID8="w0=0x0008000000000011,w1=0"	# TLBI_NH_ASID ASID 8, VMID field 0
ATC="w0=0x0000001000000040,w1=0x34"	# ATC_INV vSID 0x10, the whole ATC
ATC11="w0=0x0000001100000040,w1=0x34"	# ATC_INV vSID 0x11: no vDEVICE
SYNC="w0=0x46,w1=0"			# CMD_SYNC CS=NONE
NH_ALL="w0=0x10,w1=0"			# TLBI_NH_ALL: not for a vCMDQ
# the same as hwpt_invalidate data words (w0 lo, w0 hi, w1 lo, w1 hi)
ASID7_W=0x11:0x71234:0x0:0x0
VA7_W=0x12:0x70000:0x1000:0x0
ATC_W=0x40:0x10:0x34:0x0
# trace lines "cmd=..:.. exec=..:.." of those, run by the vIOMMU with
# VMID 1 and vSID 0x10 -> pSID 0x100
T_ASID7="cmd=0x7123400000011:0x0 exec=0x7000100000011:0x0"
T_VA7="cmd=0x7000000000012:0x1000 exec=0x7000100000012:0x1000"
T_ASID8="cmd=0x8000000000011:0x0 exec=0x8000100000011:0x0"
T_ATC="cmd=0x1000000040:0x34 exec=0x10000000040:0x34"
T_SYNC="cmd=0x46:0x0 exec=0x46:0x0"
# tre SEQ Q CERROR CMD_EXEC: one trace entry line
tre() { echo "  seq=$1 q=$2 cerror=$3 $4"; }
# a stopped command: its exec words are 0
t_ill() { echo "cmd=$1 exec=0x0:0x0"; }

STEP="sim_cmdqv_step,id=5"
# st CONSUMED ERRORS EVENTS: a step's reply
st() { echo "sim_cmdqv_step: ok out_consumed=$1 out_errors=$2 out_events=$3 out_more=0"; }
C="sim_viommu_counters,id=5"
# c_out VMID NH_ALL NH_VAA NH_ASID NH_VA ATC_INV CFGI_CD CFGI_CD_ALL CMD_SYNC
c_out() {
	echo "sim_viommu_counters: ok out_vmid=$1 out_tlbi_nh_all=$2 out_tlbi_nh_vaa=$3" \
		"out_tlbi_nh_asid=$4 out_tlbi_nh_va=$5 out_atc_inv=$6 out_cfgi_cd=$7" \
		"out_cfgi_cd_all=$8 out_cmd_sync=$9"
}
# QS Q: where LVCMDQ Q's ring is in physical memory, then its queue state
QS() { echo "pa,name=${RAM:-a},off=$(($1 * 0x800)) sim_cmdqv_queue_state,id=$((8 + $1))"; }
# qs_out Q CONS GERROR FLAGS NH_ASID NH_VA ATC_INV CMD_SYNC ERRORS for a
# 128-entry queue; run_iofd turns the BASE of the ring's physical address
# into "pa|LOG2SIZE"
qs_out() {
	echo "sim_cmdqv_queue_state: ok out_base=pa|7 out_index=$1 out_log2size=7" \
		"out_cons=$2 out_gerror=$3 out_flags=$4 out_nr_tlbi_nh_asid=$5" \
		"out_nr_tlbi_nh_va=$6 out_nr_atc_inv=$7 out_nr_cmd_sync=$8 out_nr_errors=$9"
}
EVREAD="evread,len=4096"
# the TEGRA241_CMDQV vEVENT payload: LVCMDQ error map, two le64 words
MAP_Q0=01000000000000000000000000000000
MAP_Q1=02000000000000000000000000000000
MAP_Q01=03000000000000000000000000000000
ev_out() { echo "evread: n=24 [flags=0 seq=$1 data=$2]"; }

# The BASE a queue latched is the physical address of its ring: a "pa:"
# line (iofd's pa step) is dropped and the out_base that follows becomes
# "pa|LOG2SIZE" when it equals that address | out_log2size.
fix_pa() {
	local line pa=
	while IFS= read -r line; do
		if [[ $line == "pa: "* ]]; then
			pa=${line#pa: }
			continue
		fi
		if [[ $pa == 0x* && $line =~ out_base=(0x[0-9a-f]+)\ out_index=[0-9]+\ out_log2size=([0-9]+) ]] &&
			((BASH_REMATCH[1] == (pa | BASH_REMATCH[2]))); then
			line=${line/out_base=${BASH_REMATCH[1]}/out_base=pa|${BASH_REMATCH[2]}}
		fi
		printf '%s\n' "$line"
	done
}

run_iofd() {
	run iofd "$@"
	output=$(printf '%s\n' "$output" | fix_pa)
}
# run_steps (helpers.bash) runs iofd through run_iofd: a pa step prints
# nothing then
RUN_IOFD=run_iofd

@test "enable handshake: STATUS follows CONFIG.EN on a step; EN 1->0 clears STATUS and keeps PROD and CONS" {
	steps
	step "$F" "$F_OUT"
	step "$(wr 0 $CONFIG 1)"
	step "$(rd 0 $STATUS)" 'peek: 0x0'
	step "$STEP" "$(st 0 0 0)"
	step "$(regs 0)" "$(regs_out 0x0 0x0 0x1 0x1 0x0 0x0)"
	step "$(e 0 0 "$ASID7" 3)"
	step "$(wr 0 $PROD 2)"
	step "$STEP" "$(st 2 0 0)"
	step "$(wr 0 $CONFIG 0)"
	step "$(rd 0 $STATUS)" 'peek: 0x1'
	step "$STEP" "$(st 0 0 0)"
	step "$(regs 0)" "$(regs_out 0x2 0x2 0x0 0x0 0x0 0x0)"
	step "$(wr 0 $PROD 3)"
	step "$STEP" "$(st 0 0 0)"
	step "$(rd 0 $CONS)" 'peek: 0x2'
	step "$(wr 0 $CONFIG 1)"
	step "$STEP" "$(st 1 0 0)"
	step "$(regs 0)" "$(regs_out 0x3 0x3 0x1 0x1 0x0 0x0)"
	step "$(QS 0)" "$(qs_out 0 0x3 0x0 1 3 0 0 0 0)"
	run_steps
}

@test "commands between CONS and PROD run: exact CONS, queue state, VIOMMU_COUNTERS (VMID, ASID, pSID) and the trace" {
	# PROD bit 31 is Linux's software flag: ignored
	steps
	step "$F" "$F_OUT"
	step "$(e 0 0 "$ASID7")"
	step "$(e 0 1 "$VA7")"
	step "$(e 0 2 "$ATC")"
	step "$(e 0 3 "$SYNC")"
	step "$(e 0 4 "$ASID8")"
	step "$(wr 0 $CONFIG 1)"
	step "$(wr 0 $PROD 0x80000005)"
	step "$STEP" "$(st 5 0 0)"
	step "$(regs 0)" \
		'peek: 0x5' \
		'peek: 0x80000005' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x0' \
		'peek: 0x0'
	step "$(QS 0)" "$(qs_out 0 0x5 0x0 1 2 1 1 1 0)"
	step "$C,asid=7,sid=0x100" "$(c_out 1 0 0 1 1 1 0 0 1)"
	step "$C,asid=8,sid=0x10" "$(c_out 1 0 0 1 0 0 0 0 1)"
	step "cmdqv_trace,id=5" \
		'cmdqv_trace: ok n=5 total=5' \
		'  seq=0 q=0 cerror=0 cmd=0x7123400000011:0x0 exec=0x7000100000011:0x0' \
		'  seq=1 q=0 cerror=0 cmd=0x7000000000012:0x1000 exec=0x7000100000012:0x1000' \
		'  seq=2 q=0 cerror=0 cmd=0x1000000040:0x34 exec=0x10000000040:0x34' \
		'  seq=3 q=0 cerror=0 cmd=0x46:0x0 exec=0x46:0x0' \
		'  seq=4 q=0 cerror=0 cmd=0x8000000000011:0x0 exec=0x8000100000011:0x0'
	step "cmdqv_trace,id=5,n=2" \
		'cmdqv_trace: ok n=2 total=5' \
		'  seq=3 q=0 cerror=0 cmd=0x46:0x0 exec=0x46:0x0' \
		'  seq=4 q=0 cerror=0 cmd=0x8000000000011:0x0 exec=0x8000100000011:0x0'
	step "$STEP" "$(st 0 0 0)"
	run_steps
}

@test "an illegal opcode stops the queue at it: CONS.ERR=1, GERROR toggles, error map, vEVENT; later commands wait; rewrite + GERRORN resumes" {
	steps
	step "$F" "$F_OUT"
	step "$(e 0 0 "$ASID7")"
	step "$(e 0 1 "$NH_ALL")"
	step "$(e 0 2 "$ASID7")"
	step "$(e 0 3 "$VA7")"
	step "$(wr 0 $CONFIG 1)"
	step "$(wr 0 $PROD 4)"
	step "$STEP" "$(st 1 1 1)"
	step "$(regs 0)" \
		'peek: 0x1000001' \
		'peek: 0x4' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x0'
	step "$(QS 0)" "$(qs_out 0 0x1000001 0x1 7 1 0 0 0 1)"
	step "$EVREAD" "$(ev_out 0 01000000000000000000000000000000)"
	step "$C,asid=7" "$(c_out 1 0 0 1 0 0 0 0 0)"
	step "$STEP" "$(st 0 0 0)"
	step "$(rd 0 $CONS)" 'peek: 0x1000001'
	step "$EVREAD" 'evread: n=0'
	step "$(e 0 1 "$SYNC")"
	step "$(wr 0 $GERRORN 0x4)"
	step "$STEP" "$(st 0 0 0)"
	step "$(rd 0 $CONS)" 'peek: 0x1000001'
	step "$(wr 0 $GERRORN 0x1)"
	step "$STEP" "$(st 3 0 0)"
	step "$(regs 0)" "$(regs_out 0x4 0x4 0x1 0x1 0x1 0x1)"
	step "$(QS 0)" "$(qs_out 0 0x4 0x1 1 2 1 0 1 1)"
	step "$C,asid=7" "$(c_out 1 0 0 2 1 0 0 0 1)"
	step "cmdqv_trace,id=5" \
		'cmdqv_trace: ok n=5 total=5' \
		'  seq=0 q=0 cerror=0 cmd=0x7123400000011:0x0 exec=0x7000100000011:0x0' \
		'  seq=1 q=0 cerror=1 cmd=0x10:0x0 exec=0x0:0x0' \
		'  seq=2 q=0 cerror=0 cmd=0x46:0x0 exec=0x46:0x0' \
		'  seq=3 q=0 cerror=0 cmd=0x7123400000011:0x0 exec=0x7000100000011:0x0' \
		'  seq=4 q=0 cerror=0 cmd=0x7000000000012:0x1000 exec=0x7000100000012:0x1000'
	step "$EVREAD" 'evread: n=0'
	run_steps
}

@test "every opcode but TLBI_NH_ASID, TLBI_NH_VA, ATC_INV and CMD_SYNC is CERROR_ILL; GERROR toggles on each error" {
	local steps=() out=() k=0 op
	for op in 0x00 0x01 0x02 0x03 0x04 0x05 0x06 0x10 0x13 0x20 0x21 0x22 \
		0x28 0x2a 0x30 0x41 0x44 0x45 0x47 0xff; do
		steps+=($(e 0 $k "w0=$op,w1=0") $(wr 0 $PROD $((k + 1))) $STEP
			$(rd 0 $CONS) $(rd 0 $GERROR) $EVREAD
			$(e 0 $k "$SYNC") $(wr 0 $GERRORN $(((k + 1) % 2))) $STEP
			$(rd 0 $CONS))
		out+=("$(st 0 1 1)" "peek: $(printf 0x%x $((0x1000000 + k)))"
			"peek: $(printf 0x%x $(((k + 1) % 2)))" "$(ev_out $k $MAP_Q0)"
			"$(st 1 0 0)" "peek: $(printf 0x%x $((k + 1)))")
		k=$((k + 1))
	done
	run_iofd $F $(wr 0 $CONFIG 1) "${steps[@]}" $(QS 0)
	expect_output "$F_OUT"$'\n'"$(lines "${out[@]}" \
		"$(qs_out 0 0x14 0x0 1 0 0 0 20 20)")"
}

@test "CMD_SYNC with CS=SIG_IRQ or SIG_SEV is CERROR_ILL; CS=SIG_NONE runs whatever MSI fields it has" {
	steps
	step "$F" "$F_OUT"
	step "$(e 0 0 "w0=0x1046,w1=0")"
	step "$(wr 0 $CONFIG 1)"
	step "$(wr 0 $PROD 1)"
	step "$STEP" "$(st 0 1 1)"
	step "$(regs 0)" \
		'peek: 0x1000000' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x0'
	step "$(e 0 0 "w0=0x2046,w1=0")"
	step "$(wr 0 $GERRORN 1)"
	step "$STEP" "$(st 0 1 1)"
	step "$(regs 0)" \
		'peek: 0x1000000' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x0' \
		'peek: 0x1'
	step "$(e 0 0 "w0=0xabcd00c00046,w1=0")"
	step "$(wr 0 $GERRORN 0)"
	step "$STEP" "$(st 1 0 0)"
	step "$(regs 0)" "$(regs_out 0x1 0x1 0x1 0x1 0x0 0x0)"
	step "$(QS 0)" "$(qs_out 0 0x1 0x0 1 0 0 0 1 2)"
	step "$C" "$(c_out 1 0 0 0 0 0 0 0 1)"
	step "$EVREAD" \
		'evread: n=48 [flags=0 seq=0 data=01000000000000000000000000000000] [flags=0 seq=1 data=01000000000000000000000000000000]'
	step "cmdqv_trace,id=5" \
		'cmdqv_trace: ok n=3 total=3' \
		'  seq=0 q=0 cerror=1 cmd=0x1046:0x0 exec=0x0:0x0' \
		'  seq=1 q=0 cerror=1 cmd=0x2046:0x0 exec=0x0:0x0' \
		'  seq=2 q=0 cerror=0 cmd=0xabcd00c00046:0x0 exec=0xabcd00c00046:0x0'
	run_steps
}

@test "ATC_INV for a vSID without a vDEVICE, or after its vDEVICE is destroyed, is CERROR_ILL" {
	steps
	step "$F" "$F_OUT"
	step "$(e 0 0 "$ATC11")"
	step "$(wr 0 $CONFIG 1)"
	step "$(wr 0 $PROD 1)"
	step "$STEP" "$(st 0 1 1)"
	step "$(regs 0)" \
		'peek: 0x1000000' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x0'
	step "$(QS 0)" "$(qs_out 0 0x1000000 0x1 7 0 0 0 0 1)"
	step "$EVREAD" "$(ev_out 0 01000000000000000000000000000000)"
	step "$(e 0 0 "$ATC")"
	step "$(wr 0 $GERRORN 1)"
	step "$STEP" "$(st 1 0 0)"
	step "$(rd 0 $CONS)" 'peek: 0x1'
	step "destroy,id=6" 'destroy: ok'
	step "$(e 0 1 "$ATC")"
	step "$(wr 0 $PROD 2)"
	step "$STEP" "$(st 0 1 1)"
	step "$(regs 0)" \
		'peek: 0x1000001' \
		'peek: 0x2' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x0' \
		'peek: 0x1'
	step "$EVREAD" "$(ev_out 1 01000000000000000000000000000000)"
	step "vdevice_alloc,viommu_id=5,dev_id=3,virt_id=0x10" 'vdevice_alloc: ok out_vdevice_id=6'
	step "$(wr 0 $GERRORN 0)"
	step "$STEP" "$(st 1 0 0)"
	step "$(regs 0)" "$(regs_out 0x2 0x2 0x1 0x1 0x0 0x0)"
	step "$C,sid=0x100" "$(c_out 1 0 0 0 0 2 0 0 0)"
	step "$(QS 0)" "$(qs_out 0 0x2 0x0 1 0 0 2 0 2)"
	step "cmdqv_trace,id=5" \
		'cmdqv_trace: ok n=4 total=4' \
		'  seq=0 q=0 cerror=1 cmd=0x1100000040:0x34 exec=0x0:0x0' \
		'  seq=1 q=0 cerror=0 cmd=0x1000000040:0x34 exec=0x10000000040:0x34' \
		'  seq=2 q=0 cerror=1 cmd=0x1000000040:0x34 exec=0x0:0x0' \
		'  seq=3 q=0 cerror=0 cmd=0x1000000040:0x34 exec=0x10000000040:0x34'
	run_steps
}

@test "acknowledging without a rewrite fetches the bad entry again: a new error, GERROR toggles back, another vEVENT" {
	steps
	step "$F" "$F_OUT"
	step "$(e 0 0 "$NH_ALL")"
	step "$(e 0 1 "$ASID7")"
	step "$(wr 0 $CONFIG 1)"
	step "$(wr 0 $PROD 2)"
	step "$STEP" "$(st 0 1 1)"
	step "$(wr 0 $GERRORN 1)"
	step "$STEP" "$(st 0 1 1)"
	step "$(regs 0)" \
		'peek: 0x1000000' \
		'peek: 0x2' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x0' \
		'peek: 0x1'
	step "$EVREAD" \
		'evread: n=48 [flags=0 seq=0 data=01000000000000000000000000000000] [flags=0 seq=1 data=01000000000000000000000000000000]'
	step "$(QS 0)" "$(qs_out 0 0x1000000 0x0 7 0 0 0 0 2)"
	run_steps
}

@test "CONFIG.EN without a queue toggles CMDQ_INIT_ERR once per 0->1 edge, not again while unacknowledged; STATUS stays 0" {
	local edge="$(wr 1 $CONFIG 0) $STEP $(wr 1 $CONFIG 1) $STEP"
	run_iofd $F $(wr 1 $CONFIG 1) $STEP $(regs 1) $STEP $(rd 1 $GERROR) \
		$edge $(rd 1 $GERROR) \
		$(wr 1 $GERRORN 4) $STEP $(rd 1 $GERROR) \
		$edge $(regs 1) $edge $(rd 1 $GERROR) $(regs 0) $EVREAD \
		$Q1 $(regs 1) $(wr 1 $CONFIG 1) $STEP $(regs 1)
	local s0; s0=$(st 0 0 0)
	expect_output "$F_OUT"$'\n'"$(lines "$s0" \
		"$(regs_out 0x0 0x0 0x1 0x0 0x4 0x0)" "$s0" "peek: 0x4" \
		"$s0" "$s0" "peek: 0x4" "$s0" "peek: 0x4" \
		"$s0" "$s0" "$(regs_out 0x0 0x0 0x1 0x0 0x0 0x4)" \
		"$s0" "$s0" "peek: 0x0" \
		"$(regs_out 0x0 0x0 0x0 0x0 0x0 0x0)" "evread: n=0" \
		"$Q1_OUT" "$(regs_out 0x0 0x0 0x0 0x0 0x0 0x0)" "$s0" \
		"$(regs_out 0x0 0x0 0x1 0x1 0x0 0x0)")"
}

@test "user stores to STATUS, GERROR, and CONS while enabled are undone by the engine" {
	steps
	step "$F" "$F_OUT"
	step "$(e 0 0 "$ASID7" 3)"
	step "$(e 0 3 "$NH_ALL")"
	step "$(wr 0 $CONFIG 1)"
	step "$(wr 0 $PROD 3)"
	step "$STEP" "$(st 3 0 0)"
	step "$(wr 0 $STATUS 0)"
	step "$(wr 0 $GERROR 5)"
	step "$(wr 0 $CONS 0x7f)"
	step "$STEP" "$(st 0 0 0)"
	step "$(regs 0)" "$(regs_out 0x3 0x3 0x1 0x1 0x0 0x0)"
	step "$(wr 0 $PROD 4)"
	step "$STEP" "$(st 0 1 1)"
	step "$(wr 0 $CONS 4)"
	step "$(wr 0 $GERROR 0)"
	step "$STEP" "$(st 0 0 0)"
	step "$(regs 0)" \
		'peek: 0x1000003' \
		'peek: 0x4' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x0'
	step "$(wr 0 $CONFIG 0)"
	step "$STEP" "$(st 0 0 0)"
	step "$(wr 0 $STATUS 1)"
	step "$(wr 0 $GERROR 0)"
	step "$STEP" "$(st 0 0 0)"
	step "$(regs 0)" \
		'peek: 0x1000003' \
		'peek: 0x4' \
		'peek: 0x0' \
		'peek: 0x0' \
		'peek: 0x1' \
		'peek: 0x0'
	step "$(QS 0)" "$(qs_out 0 0x1000003 0x1 6 3 0 0 0 1)"
	run_steps
}

@test "CONS written while disabled: enabling resumes there, across the end of the ring (wrap bit set)" {
	steps
	step "$F" "$F_OUT"
	step "$(wr 0 $CONS 0x7e)"
	step "$(wr 0 $PROD 0x81)"
	step "$(e 0 126 "$ASID7")"
	step "$(e 0 127 "$VA7")"
	step "$(e 0 0 "$SYNC")"
	step "$(e 0 1 "$NH_ALL")"
	step "$STEP" "$(st 0 0 0)"
	step "$(regs 0)" "$(regs_out 0x7e 0x81 0x0 0x0 0x0 0x0)"
	step "$(wr 0 $CONFIG 1)"
	step "$STEP" "$(st 3 0 0)"
	step "$(regs 0)" "$(regs_out 0x81 0x81 0x1 0x1 0x0 0x0)"
	step "$(QS 0)" "$(qs_out 0 0x81 0x0 1 1 1 0 1 0)"
	step "cmdqv_trace,id=5" \
		'cmdqv_trace: ok n=3 total=3' \
		'  seq=0 q=0 cerror=0 cmd=0x7123400000011:0x0 exec=0x7000100000011:0x0' \
		'  seq=1 q=0 cerror=0 cmd=0x7000000000012:0x1000 exec=0x7000100000012:0x1000' \
		'  seq=2 q=0 cerror=0 cmd=0x46:0x0 exec=0x46:0x0'
	run_steps
}

# wrap_steps RAM IOVA LOG2SIZE...: per size, a queue of 2^n entries full of
# TLBI_NH_ASID; CONS at the last slot, PROD one past the wrap: 2 commands;
# then PROD a full queue ahead (wrap bit back to 0): 2^n commands
wrap_steps() {
	local ram=$1 iova=$2 n
	shift 2
	for n in "$@"; do
		echo "hw_queue_alloc,viommu_id=5,type=tegra241_cmdqv,index=0,nesting_parent_iova=$iova,length=$((16 << n))"
		RAM=$ram e 0 0 "$ASID7" $((1 << n))
		wr 0 $CONS $(((1 << n) - 1))
		wr 0 $PROD $(((1 << n) | 1))
		wr 0 $CONFIG 1
		echo "$STEP"
		rd 0 $CONS
		wr 0 $PROD 1
		echo "$STEP"
		rd 0 $CONS
		echo "pa,name=$ram sim_cmdqv_queue_state,id=8 destroy,id=8"
	done
}
wrap_out() {
	local n
	for n in "$@"; do
		lines "hw_queue_alloc: ok out_hw_queue_id=8" "$(st 2 0 0)" \
			"peek: $(printf 0x%x $(((1 << n) | 1)))" "$(st $((1 << n)) 0 0)" \
			"peek: 0x1" \
			"$(echo "sim_cmdqv_queue_state: ok out_base=pa|$n out_index=0" \
				"out_log2size=$n out_cons=0x1 out_gerror=0x0 out_flags=1" \
				"out_nr_tlbi_nh_asid=$(((1 << n) + 2)) out_nr_tlbi_nh_va=0" \
				"out_nr_atc_inv=0 out_nr_cmd_sync=0 out_nr_errors=0")" \
			"destroy: ok"
	done
}

@test "wrap-around and a full queue at every size from 32 bytes to 4 KiB; out_base is the ring's address | LOG2SIZE" {
	run_iofd $F0 $(wrap_steps a 0x1000000 1 2 3 4 5 6 7 8)
	expect_output "$F0_OUT"$'\n'"$(wrap_out 1 2 3 4 5 6 7 8)"
}

@test "wrap-around and a full queue at every size from 8 KiB to 2 MiB, on a 2 MiB huge page" {
	echo 4 >/proc/sys/vm/nr_hugepages
	run_iofd $F0 mem,name=h,len=2M,kind=huge \
		ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x2000000,user_va=@h,length=2M \
		$(wrap_steps h 0x2000000 9 10 11 12 13 14 15 16 17)
	expect_output "$F0_OUT"$'\nioas_map: ok iova=0x2000000\n'"$(wrap_out 9 10 11 12 13 14 15 16 17)"
}

@test "an error in queue 1 leaves queue 0 running; the vEVENT's map holds every queue in error" {
	steps
	step "$F" "$F_OUT"
	step "$Q1" "$Q1_OUT"
	step "$(e 0 0 "$ASID7" 2)"
	step "$(e 1 0 "$NH_ALL")"
	step "$(e 1 1 "$ASID7")"
	step "$(wr 0 $CONFIG 1)"
	step "$(wr 1 $CONFIG 1)"
	step "$(wr 0 $PROD 2)"
	step "$(wr 1 $PROD 2)"
	step "$STEP" "$(st 2 1 1)"
	step "$(rd 0 $CONS)" 'peek: 0x2'
	step "$(rd 0 $GERROR)" 'peek: 0x0'
	step "$(rd 1 $CONS)" 'peek: 0x1000000'
	step "$(rd 1 $GERROR)" 'peek: 0x1'
	step "$EVREAD" "$(ev_out 0 02000000000000000000000000000000)"
	step "$(e 0 2 "$VA7")"
	step "$(wr 0 $PROD 3)"
	step "$STEP" "$(st 1 0 0)"
	step "$(rd 0 $CONS)" 'peek: 0x3'
	step "$(rd 1 $CONS)" 'peek: 0x1000000'
	step "$(QS 0)" "$(qs_out 0 0x3 0x0 1 2 1 0 0 0)"
	step "$(QS 1)" "$(qs_out 1 0x1000000 0x1 7 0 0 0 0 1)"
	step "$(e 0 3 "$NH_ALL")"
	step "$(wr 0 $PROD 4)"
	step "$STEP" "$(st 0 1 1)"
	step "$EVREAD" "$(ev_out 1 03000000000000000000000000000000)"
	step "$(e 1 0 "$SYNC")"
	step "$(wr 1 $GERRORN 1)"
	step "$STEP" "$(st 2 0 0)"
	step "$(rd 1 $CONS)" 'peek: 0x2'
	step "$(QS 0)" "$(qs_out 0 0x1000003 0x1 7 2 1 0 0 1)"
	step "$(QS 1)" "$(qs_out 1 0x2 0x1 1 1 0 0 1 1)"
	step "$(e 0 3 "$SYNC")"
	step "$(wr 0 $GERRORN 1)"
	step "$STEP" "$(st 1 0 0)"
	step "$(rd 0 $CONS)" 'peek: 0x4'
	step "$EVREAD" 'evread: n=0'
	step "cmdqv_trace,id=5" \
		'cmdqv_trace: ok n=8 total=8' \
		'  seq=0 q=0 cerror=0 cmd=0x7123400000011:0x0 exec=0x7000100000011:0x0' \
		'  seq=1 q=0 cerror=0 cmd=0x7123400000011:0x0 exec=0x7000100000011:0x0' \
		'  seq=2 q=1 cerror=1 cmd=0x10:0x0 exec=0x0:0x0' \
		'  seq=3 q=0 cerror=0 cmd=0x7000000000012:0x1000 exec=0x7000100000012:0x1000' \
		'  seq=4 q=0 cerror=1 cmd=0x10:0x0 exec=0x0:0x0' \
		'  seq=5 q=1 cerror=0 cmd=0x46:0x0 exec=0x46:0x0' \
		'  seq=6 q=1 cerror=0 cmd=0x7123400000011:0x0 exec=0x7000100000011:0x0' \
		'  seq=7 q=0 cerror=0 cmd=0x46:0x0 exec=0x46:0x0'
	run_steps
}

@test "an error with no vEVENTQ still stops the queue; a vEVENTQ made later does not get the old event" {
	steps
	step "$F" "$F_OUT"
	step "evclose"
	step "destroy,id=7" 'destroy: ok'
	step "$(e 0 0 "$NH_ALL")"
	step "$(wr 0 $CONFIG 1)"
	step "$(wr 0 $PROD 1)"
	step "$STEP" "$(st 0 1 1)"
	step "$(regs 0)" \
		'peek: 0x1000000' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x0'
	step "veventq_alloc,viommu_id=5,type=tegra241_cmdqv,veventq_depth=4" \
		'veventq_alloc: ok out_veventq_id=7 fd=anon_inode:[iommufd-viommu-event] flags=rdwr,cloexec'
	step "$EVREAD" 'evread: n=0'
	step "$(wr 0 $GERRORN 1)"
	step "$STEP" "$(st 0 1 1)"
	step "$EVREAD" "$(ev_out 0 01000000000000000000000000000000)"
	run_steps
}

@test "STEP: flags is EOPNOTSUPP; not a vIOMMU is ENOENT; an ARM_SMMUV3 or selftest vIOMMU is EOPNOTSUPP" {
	steps
	step "$F" "$F_OUT"
	step "viommu_alloc,dev_id=3,hwpt_id=4,type=arm_smmuv3" 'viommu_alloc: ok out_viommu_id=9'
	step "$STEP,flags=1" 'sim_cmdqv_step: EOPNOTSUPP'
	step "sim_cmdqv_step,id=9" 'sim_cmdqv_step: EOPNOTSUPP'
	step "sim_cmdqv_step,id=1" 'sim_cmdqv_step: ENOENT'
	step "sim_cmdqv_step,id=8" 'sim_cmdqv_step: ENOENT'
	step "sim_cmdqv_step,id=99" 'sim_cmdqv_step: ENOENT'
	step "sim_cmdqv_step,id=0" 'sim_cmdqv_step: ENOENT'
	step "fd=1"
	step "$NESTED_FIXTURE" "$NESTED_FIXTURE_OUT"
	step "sim_cmdqv_step,id=6" 'sim_cmdqv_step: EOPNOTSUPP'
	run_steps
}

@test "QUEUE_STATE: not a HW queue is ENOENT; a selftest HW queue is EOPNOTSUPP" {
	steps
	step "$F" "$F_OUT"
	step "sim_cmdqv_queue_state,id=5" 'sim_cmdqv_queue_state: ENOENT'
	step "sim_cmdqv_queue_state,id=7" 'sim_cmdqv_queue_state: ENOENT'
	step "sim_cmdqv_queue_state,id=99" 'sim_cmdqv_queue_state: ENOENT'
	step "sim_cmdqv_queue_state,id=0" 'sim_cmdqv_queue_state: ENOENT'
	step "fd=1"
	step "mem,name=s,len=4K"
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "test_mock_domain,id=1" \
		'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=nest_parent" 'hwpt_alloc: ok out_hwpt_id=5'
	step "viommu_alloc,dev_id=3,hwpt_id=5,type=selftest" 'viommu_alloc: ok out_viommu_id=6'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@s,length=4K" \
		'ioas_map: ok iova=0x1000000'
	step "hw_queue_alloc,viommu_id=6,type=selftest,index=0,nesting_parent_iova=0x1000000,length=4096" \
		'hw_queue_alloc: ok out_hw_queue_id=7'
	step "sim_cmdqv_queue_state,id=7" 'sim_cmdqv_queue_state: EOPNOTSUPP'
	run_steps
}

@test "TRACE: entry_len other than 48 is EINVAL, an unwritable uptr EFAULT (nothing changed); at most 64 entries, the newest" {
	local T="sim_cmdqv_trace,id=5,uptr=@t,entry_len=48" out=() k
	for k in $(seq 36 99); do
		out+=("$(tre $k 0 0 "$T_ASID7")")
	done
	run_iofd $F mem,name=t,len=4K $(e 0 0 "$ASID7" 100) $(wr 0 $CONFIG 1) \
		$(wr 0 $PROD 100) $STEP \
		$T,entry_num=1,entry_len=47 $T,entry_num=1,entry_len=49 \
		$T,entry_num=1,entry_len=0 \
		sim_cmdqv_trace,id=5,uptr=8,entry_len=48,entry_num=1 \
		sim_cmdqv_trace,id=5,uptr=0,entry_len=48,entry_num=64 \
		$T,entry_num=0 $T,entry_num=1 \
		sim_cmdqv_trace,id=9,uptr=@t,entry_len=48,entry_num=1 \
		viommu_alloc,dev_id=3,hwpt_id=4,type=arm_smmuv3 \
		sim_cmdqv_trace,id=9,uptr=@t,entry_len=48,entry_num=1 \
		cmdqv_trace,id=5,n=1000
	expect_output "$F_OUT"$'\n'"$(lines "$(st 100 0 0)" \
		"sim_cmdqv_trace: EINVAL" "sim_cmdqv_trace: EINVAL" \
		"sim_cmdqv_trace: EINVAL" "sim_cmdqv_trace: EFAULT" \
		"sim_cmdqv_trace: EFAULT" \
		"sim_cmdqv_trace: ok entry_num=0 out_total=100" \
		"sim_cmdqv_trace: ok entry_num=1 out_total=100" \
		"sim_cmdqv_trace: ENOENT" "viommu_alloc: ok out_viommu_id=9" \
		"sim_cmdqv_trace: EOPNOTSUPP" \
		"cmdqv_trace: ok n=64 total=100" "${out[@]}")"
}

@test "the trapped path and the vCMDQ path give the same VIOMMU_COUNTERS for the same commands; the trace has only the vCMDQ's" {
	steps
	step "fd=0"
	step "$F" "$F_OUT"
	step "hwpt_invalidate,hwpt_id=5,data_type=arm_smmuv3,entry_len=16,entry_num=3,data=$ASID7_W:$VA7_W:$ATC_W" \
		'hwpt_invalidate: ok entry_num=3 data=0x11:0x71234:0x0:0x0:0x12:0x70000:0x1000:0x0:0x40:0x10:0x34:0x0'
	step "$C,asid=7,sid=0x100" "$(c_out 1 0 0 1 1 1 0 0 0)"
	step "cmdqv_trace,id=5" 'cmdqv_trace: ok n=0 total=0'
	step "fd=1"
	step "$(tegra241_fixture b p2 0x100)" \
		'ioas_alloc: ok out_ioas_id=1' \
		'sim_device_alloc: ok out_stdev_id=2 out_hwpt_id=0 out_idev_id=3' \
		'hwpt_alloc: ok out_hwpt_id=4' \
		'viommu_alloc: ok out_viommu_id=5 data=0x1000:0x0:0x10000:0x0' \
		'ioas_map: ok iova=0x1000000' \
		'mmap: ok' \
		'vdevice_alloc: ok out_vdevice_id=6' \
		'veventq_alloc: ok out_veventq_id=7 fd=anon_inode:[iommufd-viommu-event] flags=rdwr,cloexec'
	step "hw_queue_alloc,viommu_id=5,type=tegra241_cmdqv,index=0,nesting_parent_iova=0x1000000,length=2048" \
		'hw_queue_alloc: ok out_hw_queue_id=8'
	step "$(RAM=b e 0 0 "$ASID7")"
	step "$(RAM=b e 0 1 "$VA7")"
	step "$(RAM=b e 0 2 "$ATC")"
	step "$(PG=p2 wr 0 $CONFIG 1)"
	step "$(PG=p2 wr 0 $PROD 3)"
	step "$STEP" "$(st 3 0 0)"
	step "$C,asid=7,sid=0x100" "$(c_out 2 0 0 1 1 1 0 0 0)"
	run_steps
}

@test "two contexts never see each other's commands: counters, trace, registers" {
	steps
	step "fd=0"
	step "$F" "$F_OUT"
	step "fd=1"
	step "$(tegra241_fixture b p2 0x200)" \
		'ioas_alloc: ok out_ioas_id=1' \
		'sim_device_alloc: ok out_stdev_id=2 out_hwpt_id=0 out_idev_id=3' \
		'hwpt_alloc: ok out_hwpt_id=4' \
		'viommu_alloc: ok out_viommu_id=5 data=0x1000:0x0:0x10000:0x0' \
		'ioas_map: ok iova=0x1000000' \
		'mmap: ok' \
		'vdevice_alloc: ok out_vdevice_id=6' \
		'veventq_alloc: ok out_veventq_id=7 fd=anon_inode:[iommufd-viommu-event] flags=rdwr,cloexec'
	step "hw_queue_alloc,viommu_id=5,type=tegra241_cmdqv,index=0,nesting_parent_iova=0x1000000,length=2048" \
		'hw_queue_alloc: ok out_hw_queue_id=8'
	step "fd=0"
	step "$(e 0 0 "$ASID7")"
	step "$(wr 0 $CONFIG 1)"
	step "$(wr 0 $PROD 1)"
	step "fd=1"
	step "$(RAM=b e 0 0 "$ASID8")"
	step "$(RAM=b e 0 1 "$ATC")"
	step "$(PG=p2 wr 0 $CONFIG 1)"
	step "$(PG=p2 wr 0 $PROD 2)"
	step "fd=0"
	step "$STEP" "$(st 1 0 0)"
	step "$(regs 0)" "$(regs_out 0x1 0x1 0x1 0x1 0x0 0x0)"
	step "$(PG=p2 regs 0)" \
		'peek: 0x0' \
		'peek: 0x2' \
		'peek: 0x1' \
		'peek: 0x0' \
		'peek: 0x0' \
		'peek: 0x0'
	step "$C,asid=7,sid=0x100" "$(c_out 1 0 0 1 0 0 0 0 0)"
	step "$C,asid=8,sid=0x200" "$(c_out 1 0 0 0 0 0 0 0 0)"
	step "cmdqv_trace,id=5" \
		'cmdqv_trace: ok n=1 total=1' \
		'  seq=0 q=0 cerror=0 cmd=0x7123400000011:0x0 exec=0x7000100000011:0x0'
	step "fd=1"
	step "$C,asid=7,sid=0x100" "$(c_out 2 0 0 0 0 0 0 0 0)"
	step "$STEP" "$(st 2 0 0)"
	step "$(PG=p2 regs 0)" \
		'peek: 0x2' \
		'peek: 0x2' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x0' \
		'peek: 0x0'
	step "$C,asid=8,sid=0x200" "$(c_out 2 0 0 1 0 1 0 0 0)"
	step "$C,asid=7,sid=0x100" "$(c_out 2 0 0 0 0 0 0 0 0)"
	step "cmdqv_trace,id=5" \
		'cmdqv_trace: ok n=2 total=2' \
		'  seq=0 q=0 cerror=0 cmd=0x8000000000011:0x0 exec=0x8000200000011:0x0' \
		'  seq=1 q=0 cerror=0 cmd=0x1000000040:0x34 exec=0x20000000040:0x34'
	step "fd=0"
	step "$C,asid=8,sid=0x200" "$(c_out 1 0 0 0 0 0 0 0 0)"
	step "cmdqv_trace,id=5,n=2" \
		'cmdqv_trace: ok n=1 total=1' \
		'  seq=0 q=0 cerror=0 cmd=0x7123400000011:0x0 exec=0x7000100000011:0x0'
	run_steps
}

@test "manual mode: nothing moves without a step, however long one waits" {
	steps
	step "$F" "$F_OUT"
	step "$(e 0 0 "$ASID7")"
	step "$(wr 0 $CONFIG 1)"
	step "$(wr 0 $PROD 1)"
	step "$(e 0 1 "$NH_ALL")"
	step "sleep,s=1"
	step "$(regs 0)" "$(regs_out 0x0 0x1 0x1 0x0 0x0 0x0)"
	step "$(QS 0)" "$(qs_out 0 0x0 0x0 0 0 0 0 0 0)"
	step "$C,asid=7" "$(c_out 1 0 0 0 0 0 0 0 0)"
	step "$(wr 0 $PROD 2)"
	step "sleep,s=1"
	step "$(regs 0)" "$(regs_out 0x0 0x2 0x1 0x0 0x0 0x0)"
	step "$STEP" "$(st 1 1 1)"
	step "$(regs 0)" \
		'peek: 0x1000001' \
		'peek: 0x2' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x0'
	run_steps
}

# the automatic-mode flow, for a module whose engine runs on its own
AUTO_STEPS() {
	echo $(wr 0 $CONFIG 1) "poll,name=p,off=$STATUS,val=1" \
		$(e 0 0 "$ASID7") $(e 0 1 "$VA7") $(e 0 2 "$SYNC") $(wr 0 $PROD 3) \
		"poll,name=p,off=$CONS,val=3" $(regs 0) $C,asid=7 \
		$(e 0 3 "$NH_ALL") $(e 0 4 "$ASID7") $(wr 0 $PROD 5) \
		"poll,name=p,off=$GERROR,val=1" evpoll,ms=5000 $EVREAD $(rd 0 $CONS) \
		$(e 0 3 "$SYNC") $(wr 0 $GERRORN 1) "poll,name=p,off=$CONS,val=5" \
		$(wr 0 $CONFIG 0) "poll,name=p,off=$STATUS,val=0" $(regs 0) $(QS 0) \
		$STEP
}
AUTO_OUT() {
	lines "poll: ok" "poll: ok" "$(regs_out 0x3 0x3 0x1 0x1 0x0 0x0)" \
		"$(c_out 1 0 0 1 1 0 0 0 1)" "poll: ok" "evpoll: 0x41" \
		"$(ev_out 0 $MAP_Q0)" "peek: 0x1000003" "poll: ok" "poll: ok" \
		"$(regs_out 0x5 0x5 0x0 0x0 0x1 0x1)" \
		"$(qs_out 0 0x5 0x1 0 2 1 0 2 1)" "$(st 0 0 0)"
}

@test "automatic mode (the default): STATUS, CONS, errors and recovery happen with no step" {
	load_module
	run cat $PARAM_MANUAL
	expect_output "N"
	steps
	step "$F" "$F_OUT"
	step "$(AUTO_STEPS)" \
		'poll: ok' \
		'poll: ok' \
		'peek: 0x3' \
		'peek: 0x3' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x0' \
		'peek: 0x0' \
		"$(c_out 1 0 0 1 1 0 0 0 1)" \
		'poll: ok' \
		'evpoll: 0x41' \
		"$(ev_out 0 01000000000000000000000000000000)" \
		'peek: 0x1000003' \
		'poll: ok' \
		'poll: ok' \
		'peek: 0x5' \
		'peek: 0x5' \
		'peek: 0x0' \
		'peek: 0x0' \
		'peek: 0x1' \
		'peek: 0x1' \
		"$(qs_out 0 0x5 0x1 0 2 1 0 2 1)" \
		"$(st 0 0 0)"
	run_steps
}

# The engine thread's context switches between two "sched" steps
SCHED="sched,comm=iommufd_sim_cmdqv"

@test "automatic mode, idle: the engine write-protects the page and sleeps (no wakeup in 1 s); a read does not wake it, a store does" {
	load_module
	run_iofd $F $(e 0 0 "$ASID7" 3) $(wr 0 $CONFIG 1) $(wr 0 $PROD 1) \
		"poll,name=p,off=$CONS,val=1" sleep,s=1 $SCHED sleep,s=1 $SCHED \
		$(rd 0 $CONS) sleep,s=1 $SCHED $(wr 0 $PROD 2) \
		"poll,name=p,off=$CONS,val=2" sleep,s=1 $SCHED $(wr 0 $PROD 3) \
		"poll,name=p,off=$CONS,val=3" $C,asid=7
	# the wakeups while it polled after the store vary: check the shape
	[[ $output == "$F_OUT"$'\n'* ]]
	local -a got
	mapfile -t got <<<"$output"
	local n=${#got[@]}
	[[ ${got[n - 1]} == "$(c_out 1 0 0 3 0 0 0 0 0)" ]]
	[[ ${got[n - 2]} == "poll: ok" ]]
	[[ ${got[n - 3]} =~ ^sched:\ \+[1-9][0-9]*$ ]]
	[[ ${got[n - 4]} == "poll: ok" ]]
	[[ ${got[n - 5]} == "sched: +0" ]]
	[[ ${got[n - 6]} == "peek: 0x1" ]]
	[[ ${got[n - 7]} == "sched: +0" ]]
	[[ ${got[n - 8]} == "sched: base" ]]
	[[ ${got[n - 9]} == "poll: ok" ]]
}

@test "cmdqv_engine_doorbell_ms=0: the engine never sleeps for good, it polls; stores are seen" {
	load_module cmdqv_engine_doorbell_ms=0
	run_iofd $F $(e 0 0 "$ASID7" 2) $(wr 0 $CONFIG 1) $(wr 0 $PROD 1) \
		"poll,name=p,off=$CONS,val=1" sleep,s=1 $SCHED sleep,s=1 $SCHED \
		$(wr 0 $PROD 2) "poll,name=p,off=$CONS,val=2"
	[[ $output == "$F_OUT"$'\n'* ]]
	local -a got
	mapfile -t got <<<"$output"
	local n=${#got[@]}
	[[ ${got[n - 1]} == "poll: ok" ]]
	# polling every 20 ms: dozens of wakeups in a second
	[[ ${got[n - 2]} =~ ^sched:\ \+([0-9]+)$ ]] && ((BASH_REMATCH[1] >= 10))
	[[ ${got[n - 3]} == "sched: base" ]]
	[[ ${got[n - 4]} == "poll: ok" ]]
}

@test "cmdqv_engine_manual can be switched at run time: N starts the engine on pending work, Y stops it again" {
	steps
	step "$F" "$F_OUT"
	step "$(e 0 0 "$ASID7" 2)"
	step "$(wr 0 $CONFIG 1)"
	step "$(wr 0 $PROD 1)"
	step "write,path=$PARAM_MANUAL,val=N" 'write: ok'
	step "poll,name=p,off=$CONS,val=1" 'poll: ok'
	step "write,path=$PARAM_MANUAL,val=Y" 'write: ok'
	step "sleep,s=1"
	step "$(wr 0 $PROD 2)"
	step "sleep,s=1"
	step "$(rd 0 $CONS)" 'peek: 0x1'
	step "$STEP" "$(st 1 0 0)"
	step "$(rd 0 $CONS)" 'peek: 0x2'
	run_steps
}

@test "closing the context with queues enabled, commands pending and an error active leaves nothing alive or pinned" {
	dmesg_mark
	steps
	step "$F" "$F_OUT"
	step "$Q1" "$Q1_OUT"
	step "$(e 0 0 "$ASID7" 100)"
	step "$(e 1 0 "$NH_ALL")"
	step "$(wr 0 $CONFIG 1)"
	step "$(wr 1 $CONFIG 1)"
	step "$(wr 1 $PROD 1)"
	step "$STEP" "$(st 0 1 1)"
	step "$(wr 0 $PROD 100)"
	step "$(rd 1 $CONS)" 'peek: 0x1000000'
	run_steps
	expect_nothing_left
	run dmesg_since_mark
	[[ $output != *WARNING* && $output != *BUG* ]]
}

@test "munmap of the register page with queues enabled: the engine still runs; nothing is left after close" {
	steps
	step "$F" "$F_OUT"
	step "$(e 0 0 "$ASID7" 4)"
	step "$(wr 0 $CONFIG 1)"
	step "$(wr 0 $PROD 2)"
	step "munmap,name=p"
	step "$STEP" "$(st 2 0 0)"
	step "$(QS 0)" "$(qs_out 0 0x2 0x0 1 2 0 0 0 0)"
	step "mmap,name=p2,off=0x1000,len=64K" 'mmap: ok'
	step "$(PG=p2 regs 0)" \
		'peek: 0x2' \
		'peek: 0x2' \
		'peek: 0x1' \
		'peek: 0x1' \
		'peek: 0x0' \
		'peek: 0x0'
	step "destroy,id=8" 'destroy: ok'
	step "munmap,name=p2"
	run_steps
	expect_nothing_left
}

@test "automatic mode: a process killed with queues enabled, commands pending behind an error and an unread vEVENT leaves nothing behind" {
	load_module
	dmesg_mark
	# queue 1 stops at its first entry with 99 behind it; queue 0 runs
	# 100 commands and stops at the zeroed entry after them
	start_holder $F $Q1 $(e 0 0 "$ASID7" 100) $(e 1 0 "$NH_ALL") \
		$(e 1 1 "$ASID7" 99) $(wr 1 $CONFIG 1) $(wr 1 $PROD 100) \
		"poll,name=p,off=$((0x80 + GERROR)),val=1" \
		$(wr 0 $CONFIG 1) $(wr 0 $PROD 0x80) munmap,name=p
	stop_holder KILL
	expect_nothing_left
	run dmesg_since_mark
	[[ $output != *WARNING* && $output != *BUG* ]]
}

@test "automatic mode: two processes never see each other's commands" {
	load_module
	start_holder $(tegra241_fixture b p2 0x100) \
		hw_queue_alloc,viommu_id=5,type=tegra241_cmdqv,index=0,nesting_parent_iova=0x1000000,length=2048 \
		$(RAM=b e 0 0 "$ASID8" 50) $(PG=p2 wr 0 $CONFIG 1) $(PG=p2 wr 0 $PROD 50) \
		"poll,name=p2,off=$CONS,val=50"
	steps
	step "$F" "$F_OUT"
	step "$(e 0 0 "$ASID7")"
	step "$(wr 0 $CONFIG 1)"
	step "$(wr 0 $PROD 1)"
	step "poll,name=p,off=$CONS,val=1" 'poll: ok'
	step "$C,asid=8,sid=0x100" "$(c_out 2 0 0 0 0 0 0 0 0)"
	step "$C,asid=7,sid=0x100" "$(c_out 2 0 0 1 0 0 0 0 0)"
	step "cmdqv_trace,id=5" \
		'cmdqv_trace: ok n=1 total=1' \
		'  seq=0 q=0 cerror=0 cmd=0x7123400000011:0x0 exec=0x7000200000011:0x0'
	run_steps
}
