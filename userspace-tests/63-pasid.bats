#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# PASID attachments of selftest mock devices (README.md, "The selftest
# commands"): IOMMU_TEST_OP_PASID_ATTACH, PASID_REPLACE, PASID_DETACH and
# PASID_CHECK_HWPT, which HWPTs a PASID takes (IOMMU_HWPT_ALLOC_PASID), what
# the RID may then be attached to, the mock's PASID 1024 fake failure, and
# TRIGGER_IOPF with a PASID.  The upstream test is
# iommufd_device_pasid.*.pasid_attach (88-upstream-kselftest.bats).

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

# ioas 1; a PASID-capable mock device (stdev 2, idev 3) on auto hwpt 4;
# paging HWPT 5 with ALLOC_PASID, nest parent 6, nested HWPT 7 on it with
# ALLOC_PASID
F="ioas_alloc test_mock_domain_flags,id=1,dev_flags=4 hwpt_alloc,dev_id=3,pt_id=1,flags=pasid hwpt_alloc,dev_id=3,pt_id=1,flags=nest_parent hwpt_alloc,dev_id=3,pt_id=6,data_type=selftest,data=1,flags=pasid"
F_OUT=$(lines 'ioas_alloc: ok out_ioas_id=1' \
	'test_mock_domain_flags: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3' \
	'hwpt_alloc: ok out_hwpt_id=5' 'hwpt_alloc: ok out_hwpt_id=6' \
	'hwpt_alloc: ok out_hwpt_id=7 data=0x1')
# ... and the RID moves to HWPT 5 (auto hwpt 4 goes)
R="test_mock_domain_replace,id=2,pt_id=5"
R_OUT='test_mock_domain_replace: ok pt_id=5'

attach() { echo "test_pasid_attach,id=2,pasid=$1,pt_id=$2"; }
replace() { echo "test_pasid_replace,id=2,pasid=$1,pt_id=$2"; }
detach() { echo "test_pasid_detach,id=2,pasid=$1"; }
check() { echo "test_pasid_check_hwpt,id=2,pasid=$1,hwpt_id=$2"; }

@test "no PASID attaches while the RID is on a HWPT without ALLOC_PASID (an auto domain, a nest parent)" {
	steps
	step "$F" "$F_OUT"
	step "$(attach 100 5)" 'test_pasid_attach: EINVAL'
	step "$(attach 100 7)" 'test_pasid_attach: EINVAL'
	step "test_mock_domain_replace,id=2,pt_id=6" 'test_mock_domain_replace: ok pt_id=6'
	step "$(attach 100 5)" 'test_pasid_attach: EINVAL'
	step "$(check 100 0)" 'test_pasid_check_hwpt: ok'
	run_steps
}

@test "PASID_ATTACH takes a paging or nested HWPT allocated with ALLOC_PASID, and PASID_CHECK_HWPT sees it" {
	steps
	step "$F" "$F_OUT"
	step "$R" "$R_OUT"
	step "$(attach 100 5)" 'test_pasid_attach: ok pt_id=5'
	step "$(check 100 5)" 'test_pasid_check_hwpt: ok'
	step "$(attach 200 7)" 'test_pasid_attach: ok pt_id=7'
	step "$(check 200 7)" 'test_pasid_check_hwpt: ok'
	step "$(check 100 7)" 'test_pasid_check_hwpt: EINVAL'
	step "$(check 100 0)" 'test_pasid_check_hwpt: EINVAL'
	step "$(check 300 0)" 'test_pasid_check_hwpt: ok'
	run_steps
}

@test "PASID_ATTACH of a HWPT without ALLOC_PASID, of an IOAS or of no HWPT is EINVAL; of nothing ENOENT" {
	steps
	step "$F" "$F_OUT"
	step "$R" "$R_OUT"
	step "$(attach 100 6)" 'test_pasid_attach: EINVAL'
	step "$(attach 100 1)" 'test_pasid_attach: EINVAL'
	step "$(attach 100 3)" 'test_pasid_attach: EINVAL'
	step "$(attach 100 99)" 'test_pasid_attach: ENOENT'
	step "$(check 100 0)" 'test_pasid_check_hwpt: ok'
	run_steps
}

@test "PASID_ATTACH of an attached PASID is EBUSY, even with the same HWPT or an IOAS" {
	steps
	step "$F" "$F_OUT"
	step "$R" "$R_OUT"
	step "$(attach 100 5)" 'test_pasid_attach: ok pt_id=5'
	step "$(attach 100 5)" 'test_pasid_attach: EBUSY'
	step "$(attach 100 7)" 'test_pasid_attach: EBUSY'
	step "$(attach 100 1)" 'test_pasid_attach: EBUSY'
	step "$(check 100 5)" 'test_pasid_check_hwpt: ok'
	run_steps
}

@test "while a PASID is attached the RID moves only to a HWPT with ALLOC_PASID (EINVAL for others and an IOAS)" {
	steps
	step "$F" "$F_OUT"
	step "$R" "$R_OUT"
	step "$(attach 100 7)" 'test_pasid_attach: ok pt_id=7'
	step "test_mock_domain_replace,id=2,pt_id=6" 'test_mock_domain_replace: EINVAL'
	step "test_mock_domain_replace,id=2,pt_id=1" 'test_mock_domain_replace: EINVAL'
	step "test_mock_domain_replace,id=2,pt_id=7" 'test_mock_domain_replace: ok pt_id=7'
	step "$(check 0 7)" 'test_pasid_check_hwpt: ok'
	step "$(detach 100)" 'test_pasid_detach: ok'
	step "test_mock_domain_replace,id=2,pt_id=6" 'test_mock_domain_replace: ok pt_id=6'
	run_steps
}

@test "PASID_REPLACE: a PASID with nothing is EINVAL; the same HWPT changes nothing; a failed replace keeps the old HWPT" {
	steps
	step "$F" "$F_OUT"
	step "$R" "$R_OUT"
	step "$(replace 200 5)" 'test_pasid_replace: EINVAL'
	step "$(attach 200 5)" 'test_pasid_attach: ok pt_id=5'
	step "$(replace 200 5)" 'test_pasid_replace: ok pt_id=5'
	step "$(replace 200 1)" 'test_pasid_replace: EINVAL'
	step "$(replace 200 6)" 'test_pasid_replace: EINVAL'
	step "$(check 200 5)" 'test_pasid_check_hwpt: ok'
	step "$(replace 200 7)" 'test_pasid_replace: ok pt_id=7'
	step "$(check 200 7)" 'test_pasid_check_hwpt: ok'
	run_steps
}

@test "the mock fails the change after the first attach of PASID 1024 with ENOMEM, once" {
	steps
	step "$F" "$F_OUT"
	step "$R" "$R_OUT"
	step "$(attach 1024 5)" 'test_pasid_attach: ok pt_id=5'
	step "$(replace 1024 7)" 'test_pasid_replace: ENOMEM'
	step "$(check 1024 5)" 'test_pasid_check_hwpt: ok'
	step "$(replace 1024 7)" 'test_pasid_replace: ok pt_id=7'
	step "$(check 1024 7)" 'test_pasid_check_hwpt: ok'
	# other PASIDs never fail
	step "$(attach 1023 5)" 'test_pasid_attach: ok pt_id=5'
	step "$(replace 1023 7)" 'test_pasid_replace: ok pt_id=7'
	run_steps
}

@test "a PASID must fit the device's 20 PASID bits (EINVAL)" {
	steps
	step "$F" "$F_OUT"
	step "$R" "$R_OUT"
	step "$(attach 0x100000 5)" 'test_pasid_attach: EINVAL'
	step "$(attach 0xffffffff 5)" 'test_pasid_attach: EINVAL'
	step "$(attach 0xfffff 5)" 'test_pasid_attach: ok pt_id=5'
	step "$(check 0xfffff 5)" 'test_pasid_check_hwpt: ok'
	run_steps
}

@test "a device without MOCK_FLAGS_DEVICE_PASID has the same HWPT rules and no PASID range, as the IOMMU core skips it" {
	steps
	step "$F" "$F_OUT"
	step "test_mock_domain,id=5" 'test_mock_domain: ok out_stdev_id=8 out_hwpt_id=5 out_idev_id=9'
	step "test_pasid_attach,id=8,pasid=100,pt_id=6" 'test_pasid_attach: EINVAL'
	step "test_pasid_attach,id=8,pasid=0x100000,pt_id=7" 'test_pasid_attach: ok pt_id=7'
	step "test_pasid_check_hwpt,id=8,pasid=0x100000,hwpt_id=7" 'test_pasid_check_hwpt: ok'
	step "test_pasid_replace,id=8,pasid=0x100000,pt_id=5" 'test_pasid_replace: ok pt_id=5'
	run_steps
}

@test "PASID_DETACH of a PASID with nothing is no error; PASID_CHECK_HWPT of no HWPT is EINVAL, of nothing ENOENT" {
	steps
	step "$F" "$F_OUT"
	step "$(detach 100)" 'test_pasid_detach: ok'
	step "$R" "$R_OUT"
	step "$(attach 100 5)" 'test_pasid_attach: ok pt_id=5'
	step "$(detach 100)" 'test_pasid_detach: ok'
	step "$(check 100 0)" 'test_pasid_check_hwpt: ok'
	step "$(detach 100)" 'test_pasid_detach: ok'
	step "$(check 100 1)" 'test_pasid_check_hwpt: EINVAL'
	step "$(check 100 99)" 'test_pasid_check_hwpt: ENOENT'
	run_steps
}

@test "the PASID ops take a stdev: an idev, a HWPT or nothing is ENOENT" {
	steps
	step "$F" "$F_OUT"
	step "test_pasid_attach,id=3,pasid=100,pt_id=5" 'test_pasid_attach: ENOENT'
	step "test_pasid_replace,id=5,pasid=100,pt_id=5" 'test_pasid_replace: ENOENT'
	step "test_pasid_detach,id=99,pasid=100" 'test_pasid_detach: ENOENT'
	step "test_pasid_check_hwpt,id=1,pasid=100,hwpt_id=0" 'test_pasid_check_hwpt: ENOENT'
	run_steps
}

@test "PASID 0 is the RID: CHECK_HWPT sees it, ATTACH is EBUSY, REPLACE moves it, DETACH detaches it" {
	steps
	step "$F" "$F_OUT"
	step "$(check 0 4)" 'test_pasid_check_hwpt: ok'
	step "$(attach 0 5)" 'test_pasid_attach: EBUSY'
	step "$(replace 0 5)" 'test_pasid_replace: ok pt_id=5'
	step "$(check 0 5)" 'test_pasid_check_hwpt: ok'
	step "$(detach 0)" 'test_pasid_detach: ok'
	step "$(check 0 0)" 'test_pasid_check_hwpt: ok'
	step "$(replace 0 5)" 'test_pasid_replace: EINVAL'
	step "$(attach 0 7)" 'test_pasid_attach: ok pt_id=7'
	step "$(check 0 7)" 'test_pasid_check_hwpt: ok'
	run_steps
}

@test "a HWPT attached at a PASID is held (DESTROY EBUSY) until the PASID is detached" {
	steps
	step "$F" "$F_OUT"
	step "$R" "$R_OUT"
	step "$(attach 100 7)" 'test_pasid_attach: ok pt_id=7'
	step "destroy,id=7" 'destroy: EBUSY'
	step "$(detach 100)" 'test_pasid_detach: ok'
	step "destroy,id=7" 'destroy: ok'
	run_steps
}

@test "unplugging a device detaches its PASIDs; nothing is left afterwards" {
	steps
	step "$F" "$F_OUT"
	step "$R" "$R_OUT"
	step "$(attach 100 7)" 'test_pasid_attach: ok pt_id=7'
	step "$(attach 200 5)" 'test_pasid_attach: ok pt_id=5'
	step "destroy,id=2" 'destroy: ok'
	step "destroy,id=7" 'destroy: ok'
	step "destroy,id=6" 'destroy: ok'
	step "destroy,id=5" 'destroy: ok'
	run_steps
	# and closing the fd with PASIDs attached leaves nothing either
	steps
	step "$F" "$F_OUT"
	step "$R" "$R_OUT"
	step "$(attach 100 7)" 'test_pasid_attach: ok pt_id=7'
	run_steps
	expect_nothing_left
}

@test "a Grace device takes no PASID: its HWPTs are EOPNOTSUPP, the mock's EINVAL" {
	steps
	step "$F" "$F_OUT"
	step "sim_device_alloc,model=tegra241,stream_id=0x100" 'sim_device_alloc: ok out_stdev_id=8 out_hwpt_id=0 out_idev_id=9'
	step "hwpt_alloc,dev_id=9,pt_id=1,flags=pasid" 'hwpt_alloc: ok out_hwpt_id=10'
	step "test_pasid_attach,id=8,pasid=1,pt_id=10" 'test_pasid_attach: EOPNOTSUPP'
	step "test_pasid_attach,id=8,pasid=1,pt_id=5" 'test_pasid_attach: EINVAL'
	step "test_pasid_check_hwpt,id=8,pasid=1,hwpt_id=0" 'test_pasid_check_hwpt: ok'
	run_steps
}

# fault queue 8; paging HWPTs 9 and 10 with ALLOC_PASID reporting to it;
# the RID on 9, PASID 100 on 10
Q="fault_queue_alloc hwpt_alloc,dev_id=3,pt_id=1,flags=pasid:fault_id_valid,fault_id=8 hwpt_alloc,dev_id=3,pt_id=1,flags=pasid:fault_id_valid,fault_id=8 test_mock_domain_replace,id=2,pt_id=9 $(attach 100 10)"
Q_OUT=$(lines "fault_queue_alloc: ok out_fault_id=8 fd=anon_inode:[iommufd-pgfault] flags=rdwr,cloexec" \
	'hwpt_alloc: ok out_hwpt_id=9' 'hwpt_alloc: ok out_hwpt_id=10' \
	'test_mock_domain_replace: ok pt_id=9' 'test_pasid_attach: ok pt_id=10')
iopf() { echo "test_trigger_iopf,dev_id=3,pasid=$1,grpid=$2,perm=3,addr=0x1000"; }
rec() { echo "[flags=$1 dev_id=3 pasid=$2 grpid=$3 perm=3 addr=0x1000 length=0 cookie=$4]"; }

@test "TRIGGER_IOPF with a PASID goes to the HWPT at that PASID; one without a HWPT there, on a paging RID, is dropped" {
	steps
	step "$F" "$F_OUT"
	step "$Q" "$Q_OUT"
	step "$(iopf 100 1)" 'test_trigger_iopf: ok'
	step "$(iopf 300 2)" 'test_trigger_iopf: ok'
	step "$(iopf 0 3)" 'test_trigger_iopf: ok'
	step "pfread,len=120" "pfread: n=80 $(rec 3 100 1 1) $(rec 2 0 3 2)"
	run_steps
}

@test "TRIGGER_IOPF with a PASID prefers that PASID's HWPT to a nested HWPT on the RID" {
	steps
	step "$F" "$F_OUT"
	step "$Q" "$Q_OUT"
	# a nested HWPT without a fault queue, in auto hwpt 4's free id
	step "hwpt_alloc,dev_id=3,pt_id=6,data_type=selftest,data=1,flags=pasid" 'hwpt_alloc: ok out_hwpt_id=4 data=0x1'
	step "test_mock_domain_replace,id=2,pt_id=4" 'test_mock_domain_replace: ok pt_id=4'
	step "$(iopf 100 1)" 'test_trigger_iopf: ok'
	step "pfread,len=80" "pfread: n=40 $(rec 3 100 1 1)"
	run_steps
}

@test "a PASID leaving its HWPT answers the requests that came through it, not the RID's" {
	steps
	step "$F" "$F_OUT"
	step "$Q" "$Q_OUT"
	step "$(iopf 100 1)" 'test_trigger_iopf: ok'
	step "$(iopf 0 2)" 'test_trigger_iopf: ok'
	step "$(replace 100 5)" 'test_pasid_replace: ok pt_id=5'
	step "pfread,len=80" "pfread: n=40 $(rec 2 0 2 1)"
	step "$(replace 100 10)" 'test_pasid_replace: ok pt_id=10'
	step "$(iopf 100 3)" 'test_trigger_iopf: ok'
	step "pfread,len=80" "pfread: n=40 $(rec 3 100 3 2)"
	step "$(detach 100)" 'test_pasid_detach: ok'
	step "pfwrite,cookie=2" 'pfwrite: EINVAL'
	step "pfwrite,cookie=1" 'pfwrite: n=8'
	run_steps
}
