#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# vEVENTQs (README.md, "Supported ioctls"): IOMMU_VEVENTQ_ALLOC, the queue's fd
# (read, poll, write, release), sequence numbers and lost events, and the
# lifetimes of the queue, its fd and the context.  Events come from
# IOMMU_TEST_OP_TRIGGER_VEVENT on a mock device attached to a nested HWPT
# of a selftest vIOMMU through its vDEVICE (virt_id 0x99).

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

# ioas 1, stdev 2, idev 3, auto hwpt 4, nest parent 5, vIOMMU 6
E="ioas_alloc test_mock_domain,id=1 hwpt_alloc,dev_id=3,pt_id=1,flags=nest_parent viommu_alloc,dev_id=3,hwpt_id=5,type=selftest"
E_OUT=$(lines 'ioas_alloc: ok out_ioas_id=1' \
	'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3' \
	'hwpt_alloc: ok out_hwpt_id=5' 'viommu_alloc: ok out_viommu_id=6')
# the selftest queue, id 7, depth 2
Q="veventq_alloc,viommu_id=6,type=selftest,veventq_depth=2"
QFD="fd=anon_inode:[iommufd-viommu-event] flags=rdwr,cloexec"
Q_OUT="veventq_alloc: ok out_veventq_id=7 $QFD"
# vDEVICE 8 (virt_id 0x99), nested HWPT 9, the device moved onto it (the
# auto hwpt 4 dies with that)
V="vdevice_alloc,viommu_id=6,dev_id=3,virt_id=0x99 hwpt_alloc,dev_id=3,pt_id=6,data_type=selftest,data_len=4,buf=4 test_mock_domain_replace,id=2,pt_id=9"
V_OUT=$'vdevice_alloc: ok out_vdevice_id=8\nhwpt_alloc: ok out_hwpt_id=9 buf=a5a5a5a5\ntest_mock_domain_replace: ok pt_id=9'
# one selftest event: header + virt_id
EV=99000000

IOMMU_VEVENTQ_ALLOC=0x3b93

@test "VEVENTQ_ALLOC returns the next id and an O_RDWR close-on-exec anon fd" {
	steps
	step "$E" "$E_OUT"
	step "$Q" "$Q_OUT"
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=8'
	run_steps
}

@test "VEVENTQ_ALLOC with flags, __reserved or type DEFAULT is EOPNOTSUPP and uses up no id" {
	steps
	step "$E" "$E_OUT"
	step "$Q,flags=1" 'veventq_alloc: EOPNOTSUPP'
	step "$Q,flags=0x80000000" 'veventq_alloc: EOPNOTSUPP'
	step "$Q,__reserved=1" 'veventq_alloc: EOPNOTSUPP'
	step "veventq_alloc,viommu_id=6,type=default,veventq_depth=2" 'veventq_alloc: EOPNOTSUPP'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=7'
	run_steps
}

@test "VEVENTQ_ALLOC checks flags before depth and the vIOMMU" {
	steps
	step "$E" "$E_OUT"
	step "veventq_alloc,viommu_id=99,type=default,veventq_depth=0" 'veventq_alloc: EOPNOTSUPP'
	run_steps
}

@test "VEVENTQ_ALLOC with depth 0 is EINVAL, before the vIOMMU lookup" {
	steps
	step "$E" "$E_OUT"
	step "veventq_alloc,viommu_id=6,type=selftest,veventq_depth=0" 'veventq_alloc: EINVAL'
	step "veventq_alloc,viommu_id=99,type=selftest,veventq_depth=0" 'veventq_alloc: EINVAL'
	run_steps
}

@test "VEVENTQ_ALLOC with a depth above 1 << 19 is EINVAL, before the vIOMMU lookup; 1 << 19 itself works" {
	steps
	step "$E" "$E_OUT"
	step "veventq_alloc,viommu_id=6,type=selftest,veventq_depth=0x80001" 'veventq_alloc: EINVAL'
	step "veventq_alloc,viommu_id=99,type=selftest,veventq_depth=0xffffffff" 'veventq_alloc: EINVAL'
	step "veventq_alloc,viommu_id=6,type=selftest,veventq_depth=0x80000" "$Q_OUT"
	run_steps
}

@test "VEVENTQ_ALLOC on a missing id or a non-vIOMMU object is ENOENT" {
	steps
	step "$E" "$E_OUT"
	step "veventq_alloc,viommu_id=0,type=selftest,veventq_depth=2" 'veventq_alloc: ENOENT'
	step "veventq_alloc,viommu_id=99,type=selftest,veventq_depth=2" 'veventq_alloc: ENOENT'
	step "veventq_alloc,viommu_id=1,type=selftest,veventq_depth=2" 'veventq_alloc: ENOENT'
	step "veventq_alloc,viommu_id=5,type=selftest,veventq_depth=2" 'veventq_alloc: ENOENT'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=7'
	run_steps
}

@test "VEVENTQ_ALLOC below its minimum size (28) is EINVAL" {
	steps
	step "$E" "$E_OUT"
	step "raw,cmd=$IOMMU_VEVENTQ_ALLOC,size=24,u32@8=6,u32@12=0xbeefbeef,u32@16=2" 'raw: EINVAL'
	run_steps
}

@test "VEVENTQ_ALLOC of size 28 (without __reserved) works" {
	steps
	step "$E" "$E_OUT"
	step "raw,cmd=$IOMMU_VEVENTQ_ALLOC,size=28,u32@8=6,u32@12=0xbeefbeef,u32@16=2" 'raw: ok'
	step "destroy,id=7" 'destroy: EBUSY'
	run_steps
}

@test "VEVENTQ_ALLOC whose reply cannot be written is EFAULT and leaves nothing behind" {
	steps
	step "$E" "$E_OUT"
	step "raw,cmd=$IOMMU_VEVENTQ_ALLOC,size=32,u32@8=6,u32@12=0xbeefbeef,u32@16=2,ptr=ro" \
		'raw: EFAULT'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=7'
	step "$Q" \
		'veventq_alloc: ok out_veventq_id=8 fd=anon_inode:[iommufd-viommu-event] flags=rdwr,cloexec'
	step "destroy,id=8" 'destroy: EBUSY'
	run_steps
}

@test "VEVENTQ_ALLOC with no free fd is EMFILE and leaves nothing behind" {
	# fds 0-2 and the context's 3: nothing is left under the limit of 4
	run prlimit --nofile=4 "$BIN/iofd" $E $Q ioas_alloc destroy,id=6 3>&-
	expect_output "$E_OUT"$'\nveventq_alloc: EMFILE\nioas_alloc: ok out_ioas_id=7\ndestroy: ok'
}

@test "one vEVENTQ per (vIOMMU, type): a second of the same type is EEXIST" {
	steps
	step "$E" "$E_OUT"
	step "$Q" "$Q_OUT"
	step "$Q" 'veventq_alloc: EEXIST'
	step "veventq_alloc,viommu_id=6,type=selftest,veventq_depth=100" 'veventq_alloc: EEXIST'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=8'
	run_steps
}

@test "any other non-zero type gets its own queue (the core does not check it)" {
	steps
	step "$E" "$E_OUT"
	step "$Q" "$Q_OUT"
	step "veventq_alloc,viommu_id=6,type=arm_smmuv3,veventq_depth=1" \
		'veventq_alloc: ok out_veventq_id=8 fd=anon_inode:[iommufd-viommu-event] flags=rdwr,cloexec'
	step "veventq_alloc,viommu_id=6,type=tegra241_cmdqv,veventq_depth=1" \
		'veventq_alloc: ok out_veventq_id=9 fd=anon_inode:[iommufd-viommu-event] flags=rdwr,cloexec'
	run_steps
}

@test "the same type on another vIOMMU is fine" {
	steps
	step "$E" "$E_OUT"
	step "viommu_alloc,dev_id=3,hwpt_id=5,type=selftest" 'viommu_alloc: ok out_viommu_id=7'
	step "$Q" \
		'veventq_alloc: ok out_veventq_id=8 fd=anon_inode:[iommufd-viommu-event] flags=rdwr,cloexec'
	step "veventq_alloc,viommu_id=7,type=selftest,veventq_depth=2" \
		'veventq_alloc: ok out_veventq_id=9 fd=anon_inode:[iommufd-viommu-event] flags=rdwr,cloexec'
	run_steps
}

@test "DESTROY of a vEVENTQ is EBUSY while its fd is open, ok after close" {
	steps
	step "$E" "$E_OUT"
	step "$Q" "$Q_OUT"
	step "destroy,id=7" 'destroy: EBUSY'
	step "evclose"
	step "destroy,id=7" 'destroy: ok'
	step "destroy,id=7" 'destroy: ENOENT'
	run_steps
}

@test "a vEVENTQ holds its vIOMMU: DESTROY of the vIOMMU is EBUSY until it goes" {
	steps
	step "$E" "$E_OUT"
	step "$Q" "$Q_OUT"
	step "destroy,id=6" 'destroy: EBUSY'
	step "evclose"
	step "destroy,id=7" 'destroy: ok'
	step "destroy,id=6" 'destroy: ok'
	run_steps
}

@test "a destroyed vEVENTQ is unlinked: its type can be allocated again" {
	steps
	step "$E" "$E_OUT"
	step "$Q" "$Q_OUT"
	step "evclose"
	step "destroy,id=7" 'destroy: ok'
	step "$Q" "$Q_OUT"
	run_steps
}

@test "write(2) on the vEVENTQ fd is EINVAL" {
	steps
	step "$E" "$E_OUT"
	step "$Q" "$Q_OUT"
	step "evwrite" 'evwrite: EINVAL'
	run_steps
}

@test "pread(2) is ESPIPE at any position (an anon-inode file); the event stays" {
	steps
	step "$E" "$E_OUT"
	step "$Q" "$Q_OUT"
	step "$V" "$V_OUT"
	step "evtrigger,dev_id=3,n=1" 'evtrigger: ok n=1'
	step "evread,len=64,pos=1" 'evread: ESPIPE'
	step "evread,len=64,pos=12" 'evread: ESPIPE'
	step "evread,len=64,pos=0" 'evread: ESPIPE'
	step "evread,len=64" 'evread: n=12 [flags=0 seq=0 data=99000000]'
	run_steps
}

@test "an empty queue reads 0 bytes and polls no events" {
	steps
	step "$E" "$E_OUT"
	step "$Q" "$Q_OUT"
	step "evread,len=64" 'evread: n=0'
	step "evpoll" 'evpoll: 0x0'
	run_steps
}

@test "TRIGGER_VEVENT without a queue of the selftest type is EOPNOTSUPP" {
	steps
	step "$E" "$E_OUT"
	step "veventq_alloc,viommu_id=6,type=arm_smmuv3,veventq_depth=2" \
		'veventq_alloc: ok out_veventq_id=7 fd=anon_inode:[iommufd-viommu-event] flags=rdwr,cloexec'
	step "$V" "$V_OUT"
	step "evtrigger,dev_id=3,n=1" 'evtrigger: EOPNOTSUPP after 0'
	step "evread,len=64" 'evread: n=0'
	run_steps
}

@test "an event polls EPOLLIN|EPOLLRDNORM and reads as header + virt_id, sequence 0" {
	steps
	step "$E" "$E_OUT"
	step "$Q" "$Q_OUT"
	step "$V" "$V_OUT"
	step "evtrigger,dev_id=3,n=1" 'evtrigger: ok n=1'
	step "evpoll" 'evpoll: 0x41'
	step "evread,len=64" 'evread: n=12 [flags=0 seq=0 data=99000000]'
	step "evpoll" 'evpoll: 0x0'
	run_steps
}

@test "reads return whole records only: EINVAL below a header's 8 bytes, or when the first record does not fit" {
	steps
	step "$E" "$E_OUT"
	step "$Q" "$Q_OUT"
	step "$V" "$V_OUT"
	step "evread,len=7" 'evread: EINVAL'
	step "evread,len=8" 'evread: n=0'
	step "evtrigger,dev_id=3,n=2" 'evtrigger: ok n=2'
	step "evread,len=0" 'evread: EINVAL'
	step "evread,len=7" 'evread: EINVAL'
	step "evread,len=8" 'evread: EINVAL'
	step "evread,len=11" 'evread: EINVAL'
	step "evread,len=23" 'evread: n=12 [flags=0 seq=0 data=99000000]'
	step "evread,len=12" 'evread: n=12 [flags=0 seq=1 data=99000000]'
	step "evread,len=11" 'evread: n=0'
	run_steps
}

@test "one read returns every record that fits, in order" {
	steps
	step "$E" "$E_OUT"
	step "$Q,veventq_depth=8" \
		'veventq_alloc: ok out_veventq_id=7 fd=anon_inode:[iommufd-viommu-event] flags=rdwr,cloexec'
	step "$V" "$V_OUT"
	step "evtrigger,dev_id=3,n=3" 'evtrigger: ok n=3'
	step "evread,len=4096" \
		'evread: n=36 [flags=0 seq=0 data=99000000] [flags=0 seq=1 data=99000000] [flags=0 seq=2 data=99000000]'
	run_steps
}

@test "sequence numbers continue across reads" {
	steps
	step "$E" "$E_OUT"
	step "$Q" "$Q_OUT"
	step "$V" "$V_OUT"
	step "evtrigger,dev_id=3,n=2" 'evtrigger: ok n=2'
	step "evread,len=64" \
		'evread: n=24 [flags=0 seq=0 data=99000000] [flags=0 seq=1 data=99000000]'
	step "evtrigger,dev_id=3,n=1" 'evtrigger: ok n=1'
	step "evread,len=64" 'evread: n=12 [flags=0 seq=2 data=99000000]'
	run_steps
}

@test "overflow drops the event and queues a LOST_EVENTS header at the tail" {
	steps
	step "$E" "$E_OUT"
	step "$Q" "$Q_OUT"
	step "$V" "$V_OUT"
	step "evtrigger,dev_id=3,n=3" 'evtrigger: ok n=3'
	step "evread,len=4096" \
		'evread: n=32 [flags=0 seq=0 data=99000000] [flags=0 seq=1 data=99000000] [flags=1 seq=2]'
	run_steps
}

@test "the LOST_EVENTS header alone reads as 8 bytes, once (7 is EINVAL)" {
	steps
	step "$E" "$E_OUT"
	step "$Q" "$Q_OUT"
	step "$V" "$V_OUT"
	step "evtrigger,dev_id=3,n=3" 'evtrigger: ok n=3'
	step "evread,len=24" \
		'evread: n=24 [flags=0 seq=0 data=99000000] [flags=0 seq=1 data=99000000]'
	step "evread,len=7" 'evread: EINVAL'
	step "evread,len=8" 'evread: n=8 [flags=1 seq=2]'
	step "evread,len=64" 'evread: n=0'
	step "evpoll" 'evpoll: 0x0'
	run_steps
}

@test "overflow by 5000 events leaves one LOST_EVENTS header with the last dropped sequence" {
	steps
	step "$E" "$E_OUT"
	step "$Q" "$Q_OUT"
	step "$V" "$V_OUT"
	step "evtrigger,dev_id=3,n=5002" 'evtrigger: ok n=5002'
	step "evread,len=4096" \
		'evread: n=32 [flags=0 seq=0 data=99000000] [flags=0 seq=1 data=99000000] [flags=1 seq=5001]'
	step "evtrigger,dev_id=3,n=1" 'evtrigger: ok n=1'
	step "evread,len=4096" 'evread: n=12 [flags=0 seq=5002 data=99000000]'
	run_steps
}

@test "an event queued after the LOST_EVENTS header removes it; only the sequence gap remains" {
	steps
	step "$E" "$E_OUT"
	step "$Q" "$Q_OUT"
	step "$V" "$V_OUT"
	step "evtrigger,dev_id=3,n=3" 'evtrigger: ok n=3'
	step "evread,len=24" \
		'evread: n=24 [flags=0 seq=0 data=99000000] [flags=0 seq=1 data=99000000]'
	step "evpoll" 'evpoll: 0x41'
	step "evtrigger,dev_id=3,n=1" 'evtrigger: ok n=1'
	step "evread,len=4096" 'evread: n=12 [flags=0 seq=3 data=99000000]'
	step "evpoll" 'evpoll: 0x0'
	run_steps
}

@test "while the queue stays full, every dropped event moves the header's sequence on" {
	steps
	step "$E" "$E_OUT"
	step "$Q" "$Q_OUT"
	step "$V" "$V_OUT"
	step "evtrigger,dev_id=3,n=3" 'evtrigger: ok n=3'
	step "evtrigger,dev_id=3,n=4" 'evtrigger: ok n=4'
	step "evread,len=4096" \
		'evread: n=32 [flags=0 seq=0 data=99000000] [flags=0 seq=1 data=99000000] [flags=1 seq=6]'
	run_steps
}

@test "DESTROY of a vEVENTQ with events and a LOST header pending; a new queue starts at sequence 0" {
	# id 4 is free again: the auto hwpt died with the replace
	steps
	step "$E" "$E_OUT"
	step "$Q" "$Q_OUT"
	step "$V" "$V_OUT"
	step "evtrigger,dev_id=3,n=3" 'evtrigger: ok n=3'
	step "evclose"
	step "destroy,id=7" 'destroy: ok'
	step "$Q" \
		'veventq_alloc: ok out_veventq_id=4 fd=anon_inode:[iommufd-viommu-event] flags=rdwr,cloexec'
	step "evtrigger,dev_id=3,n=1" 'evtrigger: ok n=1'
	step "evread,len=64" 'evread: n=12 [flags=0 seq=0 data=99000000]'
	run_steps
}

@test "close of the iommufd fd with a vEVENTQ fd open keeps the context until that fd closes" {
	steps
	step "$E" "$E_OUT"
	step "$Q" "$Q_OUT"
	step "$V" "$V_OUT"
	step "evtrigger,dev_id=3,n=1" 'evtrigger: ok n=1'
	step "close"
	step "cat,path=$DBG/live_objects" 'cat: 8'
	step "evread,len=64" 'evread: n=12 [flags=0 seq=0 data=99000000]'
	step "evpoll" 'evpoll: 0x0'
	step "evclose"
	step "cat,path=$DBG/live_objects" 'cat: 0'
	run_steps
}

@test "the module cannot be unloaded while only a vEVENTQ fd is open" {
	start_holder $E $Q close
	run live_objects
	expect_output "7"
	run kmodctl remove $MOD
	expect_output "EAGAIN"
	stop_holder
	run live_objects
	expect_output "0"
}

@test "a process killed with events queued and its vEVENTQ fd open leaks nothing" {
	start_holder $E $Q $V evtrigger,dev_id=3,n=10
	run live_objects
	expect_output "8"
	stop_holder KILL
	run live_objects
	expect_output "0"
}

@test "fd close tears down a vEVENTQ with pending events (closed fd first)" {
	steps
	step "$E" "$E_OUT"
	step "$Q" "$Q_OUT"
	step "$V" "$V_OUT"
	step "evtrigger,dev_id=3,n=3" 'evtrigger: ok n=3'
	step "evclose"
	step "close"
	step "cat,path=$DBG/live_objects" 'cat: 0'
	run_steps
}
