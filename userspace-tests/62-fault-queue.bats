#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Fault queues (README.md, "Supported ioctls"): IOMMU_FAULT_QUEUE_ALLOC, a
# HWPT allocated with IOMMU_HWPT_FAULT_ID_VALID, the page requests
# IOMMU_TEST_OP_TRIGGER_IOPF raises on a mock device, the queue's fd (read
# records, write responses, poll), the automatic answer when a device leaves
# the HWPT, and the lifetimes of queue, fd and HWPT.

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

# ioas 1, stdev 2, idev 3, auto hwpt 4, nest parent 5, fault queue 6
E="ioas_alloc test_mock_domain,id=1 hwpt_alloc,dev_id=3,pt_id=1,flags=nest_parent fault_queue_alloc"
QFD="fd=anon_inode:[iommufd-pgfault] flags=rdwr,cloexec"
E_OUT=$(lines 'ioas_alloc: ok out_ioas_id=1' \
	'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3' \
	'hwpt_alloc: ok out_hwpt_id=5' "fault_queue_alloc: ok out_fault_id=6 $QFD")
# nested HWPT 7 on the parent, reporting to queue 6; the device moves there
N="hwpt_alloc,dev_id=3,pt_id=5,data_type=selftest,data=1,flags=fault_id_valid,fault_id=6 test_mock_domain_replace,id=2,pt_id=7"
N_OUT=$'hwpt_alloc: ok out_hwpt_id=7 data=0x1\ntest_mock_domain_replace: ok pt_id=7'
# the request upstream's test raises (PASID 1, group 2, read+write)
T="test_trigger_iopf,dev_id=3,pasid=1,grpid=2,perm=3,addr=0xdeadbeaf"
T_OUT='test_trigger_iopf: ok'
# its record: PASID_VALID | LAST_PAGE, the device's id, length 0
rec() { echo "[flags=3 dev_id=3 pasid=1 grpid=2 perm=3 addr=0xdeadbeaf length=0 cookie=$1]"; }

IOMMU_FAULT_QUEUE_ALLOC=0x3b8e

@test "FAULT_QUEUE_ALLOC returns the next id and an O_RDWR close-on-exec anon fd" {
	steps
	step "$E" "$E_OUT"
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=7'
	run_steps
}

@test "FAULT_QUEUE_ALLOC with flags is EOPNOTSUPP and uses up no id; a short struct EINVAL" {
	steps
	step "fault_queue_alloc,flags=1" 'fault_queue_alloc: EOPNOTSUPP'
	step "fault_queue_alloc,flags=0x80000000" 'fault_queue_alloc: EOPNOTSUPP'
	step "raw,cmd=$IOMMU_FAULT_QUEUE_ALLOC,size=8" 'raw: EINVAL'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	run_steps
}

@test "HWPT_ALLOC with FAULT_ID_VALID and an id that is no fault queue is ENOENT and keeps no id" {
	steps
	step "$E" "$E_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=5,data_type=selftest,data=1,flags=fault_id_valid,fault_id=99" 'hwpt_alloc: ENOENT'
	step "hwpt_alloc,dev_id=3,pt_id=5,data_type=selftest,data=1,flags=fault_id_valid,fault_id=5" 'hwpt_alloc: ENOENT'
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=fault_id_valid,fault_id=1" 'hwpt_alloc: ENOENT'
	# a nesting parent never reports faults: EOPNOTSUPP before the lookup
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=nest_parent:fault_id_valid,fault_id=6" 'hwpt_alloc: EOPNOTSUPP'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=7'
	run_steps
}

@test "a triggered page request is read once as a record with a cookie, and answered once" {
	steps
	step "$E" "$E_OUT"
	step "$N" "$N_OUT"
	step "$T" "$T_OUT"
	step "pfread,len=80" "pfread: n=40 $(rec 1)"
	step "pfread,len=40" 'pfread: n=0'
	step "pfwrite,cookie=1" 'pfwrite: n=8'
	step "pfwrite,cookie=1" 'pfwrite: EINVAL'
	# a cookie is free again once answered (the lowest free one is used)
	step "$T" "$T_OUT"
	step "pfread,len=40" "pfread: n=40 $(rec 1)"
	step "pfwrite,cookie=1,code=1" 'pfwrite: n=8'
	run_steps
}

@test "requests are read oldest first, as many as fit, PASID 0 without PASID_VALID" {
	steps
	step "$E" "$E_OUT"
	step "$N" "$N_OUT"
	step "$T" "$T_OUT"
	step "test_trigger_iopf,dev_id=3,pasid=0,grpid=7,perm=1,addr=0x1000" "$T_OUT"
	step "$T" "$T_OUT"
	step "pfread,len=80" "pfread: n=80 $(rec 1) [flags=2 dev_id=3 pasid=0 grpid=7 perm=1 addr=0x1000 length=0 cookie=2]"
	step "pfread,len=80" "pfread: n=40 $(rec 3)"
	run_steps
}

@test "the queue fd's read: a count not a multiple of the 40-byte record or a file position is ESPIPE; too small for a record EINVAL" {
	steps
	step "$E" "$E_OUT"
	step "$N" "$N_OUT"
	step "$T" "$T_OUT"
	step "pfread,len=39" 'pfread: ESPIPE'
	step "pfread,len=41" 'pfread: ESPIPE'
	step "pfread,len=40,pos=40" 'pfread: ESPIPE'
	step "pfread,len=0" 'pfread: EINVAL'
	# the request is still there, and still the first
	step "pfread,len=40" "pfread: n=40 $(rec 1)"
	run_steps
}

@test "the queue fd's write: a bad code or an unknown cookie is EINVAL, a partial struct ESPIPE; the answers before a bad one count" {
	steps
	step "$E" "$E_OUT"
	step "$N" "$N_OUT"
	step "$T" "$T_OUT"
	step "$T" "$T_OUT"
	step "pfread,len=80" "pfread: n=80 $(rec 1) $(rec 2)"
	step "pfwrite,cookie=1,code=2" 'pfwrite: EINVAL'
	step "pfwrite,cookie=9" 'pfwrite: EINVAL'
	step "pfwrite,cookie=1,len=7" 'pfwrite: ESPIPE'
	step "pfwrite,cookie=1,pos=8" 'pfwrite: ESPIPE'
	# cookie 1 twice: the first answer is taken, the second is unknown
	step "pfwrite,cookie=1,n=2" 'pfwrite: n=8'
	step "pfwrite,cookie=2,n=1" 'pfwrite: n=8'
	run_steps
}

@test "the queue fd polls writable always, readable while a request waits" {
	steps
	step "$E" "$E_OUT"
	step "$N" "$N_OUT"
	step "evpoll" 'evpoll: 0x4'
	step "$T" "$T_OUT"
	step "evpoll" 'evpoll: 0x45'
	step "pfread,len=40" "pfread: n=40 $(rec 1)"
	step "evpoll" 'evpoll: 0x4'
	run_steps
}

@test "TRIGGER_IOPF: a missing device is ENOENT, a Grace device EINVAL; with no queue to take it, the request is dropped" {
	steps
	step "$E" "$E_OUT"
	step "test_trigger_iopf,dev_id=99" 'test_trigger_iopf: ENOENT'
	step "test_trigger_iopf,dev_id=1" 'test_trigger_iopf: ENOENT'
	step "sim_device_alloc,model=tegra241,stream_id=0x101" 'sim_device_alloc: ok out_stdev_id=7 out_hwpt_id=0 out_idev_id=8'
	step "test_trigger_iopf,dev_id=8" 'test_trigger_iopf: EINVAL'
	# the device sits on auto hwpt 4, which has no fault queue
	step "$T" "$T_OUT"
	step "pfread,len=40" 'pfread: n=0'
	run_steps
}

@test "a paging HWPT with a fault queue takes requests without a PASID; with one, only a nested HWPT does" {
	steps
	step "$E" "$E_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=fault_id_valid,fault_id=6" 'hwpt_alloc: ok out_hwpt_id=7'
	step "test_mock_domain_replace,id=2,pt_id=7" 'test_mock_domain_replace: ok pt_id=7'
	step "$T" "$T_OUT"
	step "pfread,len=40" 'pfread: n=0'
	step "test_trigger_iopf,dev_id=3,pasid=0,grpid=2,perm=3,addr=0xdeadbeaf" "$T_OUT"
	step "pfread,len=40" 'pfread: n=40 [flags=2 dev_id=3 pasid=0 grpid=2 perm=3 addr=0xdeadbeaf length=0 cookie=1]'
	run_steps
}

@test "a device leaving the HWPT answers its requests, read or not: the cookies are gone" {
	steps
	step "$E" "$E_OUT"
	step "$N" "$N_OUT"
	step "$T" "$T_OUT"
	step "pfread,len=40" "pfread: n=40 $(rec 1)"
	step "$T" "$T_OUT"
	step "test_mock_domain_replace,id=2,pt_id=5" 'test_mock_domain_replace: ok pt_id=5'
	step "pfread,len=40" 'pfread: n=0'
	step "pfwrite,cookie=1" 'pfwrite: EINVAL'
	run_steps
}

@test "a fault queue is held by its fd and its HWPTs (DESTROY EBUSY), and goes once both are gone" {
	steps
	step "$E" "$E_OUT"
	step "destroy,id=6" 'destroy: EBUSY'
	step "hwpt_alloc,dev_id=3,pt_id=5,data_type=selftest,data=1,flags=fault_id_valid,fault_id=6" 'hwpt_alloc: ok out_hwpt_id=7 data=0x1'
	step "evclose"
	step "destroy,id=6" 'destroy: EBUSY'
	step "destroy,id=7" 'destroy: ok'
	step "destroy,id=6" 'destroy: ok'
	run_steps
	expect_nothing_left
}

@test "requests left unanswered when everything is closed leak nothing" {
	steps
	step "$E" "$E_OUT"
	step "$N" "$N_OUT"
	step "$T" "$T_OUT"
	step "$T" "$T_OUT"
	step "pfread,len=40" "pfread: n=40 $(rec 1)"
	run_steps
	expect_nothing_left
}

@test "the fault queue fd keeps the context alive after the iommufd fd is closed" {
	steps
	step "$E" "$E_OUT"
	step "$N" "$N_OUT"
	step "close"
	step "evpoll" 'evpoll: 0x4'
	run_steps
	expect_nothing_left
}
