#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# vEVENTQs (spec (c)8, (c)10, (c)11): IOMMU_VEVENTQ_ALLOC, the queue's fd
# (read, poll, write, release), sequence numbers and lost events, and the
# lifetimes of the queue, its fd and the context.  Events come from
# IOMMU_TEST_OP_TRIGGER_VEVENT on a mock device attached to a nested HWPT
# of a selftest vIOMMU through its vDEVICE (virt_id 0x99).

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

# ioas 1, stdev 2, idev 3, auto hwpt 4, nest parent 5, vIOMMU 6
E="ioas_alloc test_mock_domain,id=1 hwpt_alloc,dev_id=3,pt_id=1,flags=1 viommu_alloc,dev_id=3,hwpt_id=5,type=0xdeadbeef"
E_OUT=$'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nhwpt_alloc: ok out_hwpt_id=5\nviommu_alloc: ok out_viommu_id=6'
# the selftest queue, id 7, depth 2
Q="veventq_alloc,viommu_id=6,type=0xbeefbeef,veventq_depth=2"
QFD="fd=anon_inode:[iommufd-viommu-event] flags=rdwr,cloexec"
Q_OUT="veventq_alloc: ok out_veventq_id=7 $QFD"
# vDEVICE 8 (virt_id 0x99), nested HWPT 9, the device moved onto it (the
# auto hwpt 4 dies with that)
V="vdevice_alloc,viommu_id=6,dev_id=3,virt_id=0x99 hwpt_alloc,dev_id=3,pt_id=6,data_type=0xdead,data_len=4,buf=4 test_mock_domain_replace,id=2,pt_id=9"
V_OUT=$'vdevice_alloc: ok out_vdevice_id=8\nhwpt_alloc: ok out_hwpt_id=9 buf=a5a5a5a5\ntest_mock_domain_replace: ok pt_id=9'
# one selftest event: header + virt_id
EV=99000000

IOMMU_VEVENTQ_ALLOC=0x3b93

@test "VEVENTQ_ALLOC returns the next id and an O_RDWR close-on-exec anon fd" {
	run iofd $E $Q ioas_alloc
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\nioas_alloc: ok out_ioas_id=8'
}

@test "VEVENTQ_ALLOC with flags, __reserved or type DEFAULT is EOPNOTSUPP and uses up no id" {
	run iofd $E "$Q,flags=1" "$Q,flags=0x80000000" "$Q,__reserved=1" veventq_alloc,viommu_id=6,type=0,veventq_depth=2 ioas_alloc
	expect_output "$E_OUT"$'\nveventq_alloc: EOPNOTSUPP\nveventq_alloc: EOPNOTSUPP\nveventq_alloc: EOPNOTSUPP\nveventq_alloc: EOPNOTSUPP\nioas_alloc: ok out_ioas_id=7'
}

@test "VEVENTQ_ALLOC checks flags before depth and the vIOMMU" {
	run iofd $E veventq_alloc,viommu_id=99,type=0,veventq_depth=0
	expect_output "$E_OUT"$'\nveventq_alloc: EOPNOTSUPP'
}

@test "VEVENTQ_ALLOC with depth 0 is EINVAL, before the vIOMMU lookup" {
	run iofd $E veventq_alloc,viommu_id=6,type=0xbeefbeef,veventq_depth=0 veventq_alloc,viommu_id=99,type=0xbeefbeef,veventq_depth=0
	expect_output "$E_OUT"$'\nveventq_alloc: EINVAL\nveventq_alloc: EINVAL'
}

@test "VEVENTQ_ALLOC on a missing id or a non-vIOMMU object is ENOENT" {
	run iofd $E veventq_alloc,viommu_id=0,type=0xbeefbeef,veventq_depth=2 veventq_alloc,viommu_id=99,type=0xbeefbeef,veventq_depth=2 veventq_alloc,viommu_id=1,type=0xbeefbeef,veventq_depth=2 veventq_alloc,viommu_id=5,type=0xbeefbeef,veventq_depth=2 ioas_alloc
	expect_output "$E_OUT"$'\nveventq_alloc: ENOENT\nveventq_alloc: ENOENT\nveventq_alloc: ENOENT\nveventq_alloc: ENOENT\nioas_alloc: ok out_ioas_id=7'
}

@test "VEVENTQ_ALLOC below its minimum size (28) is EINVAL" {
	run iofd $E raw,cmd=$IOMMU_VEVENTQ_ALLOC,size=24,u32@8=6,u32@12=0xbeefbeef,u32@16=2
	expect_output "$E_OUT"$'\nraw: EINVAL'
}

@test "VEVENTQ_ALLOC of size 28 (without __reserved) works" {
	run iofd $E raw,cmd=$IOMMU_VEVENTQ_ALLOC,size=28,u32@8=6,u32@12=0xbeefbeef,u32@16=2 destroy,id=7
	expect_output "$E_OUT"$'\nraw: ok\ndestroy: EBUSY'
}

@test "VEVENTQ_ALLOC whose reply cannot be written is EFAULT and leaves nothing behind" {
	run iofd $E raw,cmd=$IOMMU_VEVENTQ_ALLOC,size=32,u32@8=6,u32@12=0xbeefbeef,u32@16=2,ptr=ro ioas_alloc $Q destroy,id=8
	expect_output "$E_OUT"$'\nraw: EFAULT\nioas_alloc: ok out_ioas_id=7\nveventq_alloc: ok out_veventq_id=8 '"$QFD"$'\ndestroy: EBUSY'
}

@test "VEVENTQ_ALLOC with no free fd is EMFILE and leaves nothing behind" {
	# fds 0-2 and the context's 3: nothing is left under the limit of 4
	run prlimit --nofile=4 "$BIN/iofd" $E $Q ioas_alloc destroy,id=6 3>&-
	expect_output "$E_OUT"$'\nveventq_alloc: EMFILE\nioas_alloc: ok out_ioas_id=7\ndestroy: ok'
}

@test "one vEVENTQ per (vIOMMU, type): a second of the same type is EEXIST" {
	run iofd $E $Q $Q veventq_alloc,viommu_id=6,type=0xbeefbeef,veventq_depth=100 ioas_alloc
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\nveventq_alloc: EEXIST\nveventq_alloc: EEXIST\nioas_alloc: ok out_ioas_id=8'
}

@test "any other non-zero type gets its own queue (the core does not check it)" {
	run iofd $E $Q veventq_alloc,viommu_id=6,type=1,veventq_depth=1 veventq_alloc,viommu_id=6,type=2,veventq_depth=1
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\nveventq_alloc: ok out_veventq_id=8 '"$QFD"$'\nveventq_alloc: ok out_veventq_id=9 '"$QFD"
}

@test "the same type on another vIOMMU is fine" {
	run iofd $E viommu_alloc,dev_id=3,hwpt_id=5,type=0xdeadbeef $Q veventq_alloc,viommu_id=7,type=0xbeefbeef,veventq_depth=2
	expect_output "$E_OUT"$'\nviommu_alloc: ok out_viommu_id=7\nveventq_alloc: ok out_veventq_id=8 '"$QFD"$'\nveventq_alloc: ok out_veventq_id=9 '"$QFD"
}

@test "DESTROY of a vEVENTQ is EBUSY while its fd is open, ok after close" {
	run iofd $E $Q destroy,id=7 evclose destroy,id=7 destroy,id=7
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\ndestroy: EBUSY\ndestroy: ok\ndestroy: ENOENT'
}

@test "a vEVENTQ holds its vIOMMU: DESTROY of the vIOMMU is EBUSY until it goes" {
	run iofd $E $Q destroy,id=6 evclose destroy,id=7 destroy,id=6
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\ndestroy: EBUSY\ndestroy: ok\ndestroy: ok'
}

@test "a destroyed vEVENTQ is unlinked: its type can be allocated again" {
	run iofd $E $Q evclose destroy,id=7 $Q
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\ndestroy: ok\n'"$Q_OUT"
}

@test "write(2) on the vEVENTQ fd is EINVAL" {
	run iofd $E $Q evwrite
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\nevwrite: EINVAL'
}

@test "pread(2) is ESPIPE at any position (an anon-inode file); the event stays" {
	run iofd $E $Q $V evtrigger,dev_id=3,n=1 evread,len=64,pos=1 evread,len=64,pos=12 evread,len=64,pos=0 evread,len=64
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\n'"$V_OUT"$'\nevtrigger: ok n=1\nevread: ESPIPE\nevread: ESPIPE\nevread: ESPIPE\nevread: n=12 [flags=0 seq=0 data='$EV$']'
}

@test "an empty queue reads 0 bytes and polls no events" {
	run iofd $E $Q evread,len=64 evpoll
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\nevread: n=0\nevpoll: 0x0'
}

@test "TRIGGER_VEVENT without a queue of the selftest type is EOPNOTSUPP" {
	run iofd $E veventq_alloc,viommu_id=6,type=1,veventq_depth=2 $V evtrigger,dev_id=3,n=1 evread,len=64
	expect_output "$E_OUT"$'\nveventq_alloc: ok out_veventq_id=7 '"$QFD"$'\nvdevice_alloc: ok out_vdevice_id=8\nhwpt_alloc: ok out_hwpt_id=9 buf=a5a5a5a5\ntest_mock_domain_replace: ok pt_id=9\nevtrigger: EOPNOTSUPP after 0\nevread: n=0'
}

@test "an event polls EPOLLIN|EPOLLRDNORM and reads as header + virt_id, sequence 0" {
	run iofd $E $Q $V evtrigger,dev_id=3,n=1 evpoll evread,len=64 evpoll
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\n'"$V_OUT"$'\nevtrigger: ok n=1\nevpoll: 0x41\nevread: n=12 [flags=0 seq=0 data='$EV$']\nevpoll: 0x0'
}

@test "reads return whole records only: 0 when the first one does not fit" {
	run iofd $E $Q $V evtrigger,dev_id=3,n=2 evread,len=0 evread,len=7 evread,len=8 evread,len=11 evread,len=23 evread,len=12 evread,len=11
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\n'"$V_OUT"$'\nevtrigger: ok n=2\nevread: n=0\nevread: n=0\nevread: n=0\nevread: n=0\nevread: n=12 [flags=0 seq=0 data='$EV$']\nevread: n=12 [flags=0 seq=1 data='$EV$']\nevread: n=0'
}

@test "one read returns every record that fits, in order" {
	run iofd $E "$Q,veventq_depth=8" $V evtrigger,dev_id=3,n=3 evread,len=4096
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\n'"$V_OUT"$'\nevtrigger: ok n=3\nevread: n=36 [flags=0 seq=0 data='$EV$'] [flags=0 seq=1 data='$EV$'] [flags=0 seq=2 data='$EV$']'
}

@test "sequence numbers continue across reads" {
	run iofd $E $Q $V evtrigger,dev_id=3,n=2 evread,len=64 evtrigger,dev_id=3,n=1 evread,len=64
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\n'"$V_OUT"$'\nevtrigger: ok n=2\nevread: n=24 [flags=0 seq=0 data='$EV$'] [flags=0 seq=1 data='$EV$']\nevtrigger: ok n=1\nevread: n=12 [flags=0 seq=2 data='$EV$']'
}

@test "overflow drops the event and queues a LOST_EVENTS header at the tail" {
	run iofd $E $Q $V evtrigger,dev_id=3,n=3 evread,len=4096
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\n'"$V_OUT"$'\nevtrigger: ok n=3\nevread: n=32 [flags=0 seq=0 data='$EV$'] [flags=0 seq=1 data='$EV$'] [flags=1 seq=2]'
}

@test "the LOST_EVENTS header alone reads as 8 bytes, once" {
	run iofd $E $Q $V evtrigger,dev_id=3,n=3 evread,len=24 evread,len=7 evread,len=8 evread,len=64 evpoll
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\n'"$V_OUT"$'\nevtrigger: ok n=3\nevread: n=24 [flags=0 seq=0 data='$EV$'] [flags=0 seq=1 data='$EV$']\nevread: n=0\nevread: n=8 [flags=1 seq=2]\nevread: n=0\nevpoll: 0x0'
}

@test "overflow by 5000 events leaves one LOST_EVENTS header with the last dropped sequence" {
	run iofd $E $Q $V evtrigger,dev_id=3,n=5002 evread,len=4096 evtrigger,dev_id=3,n=1 evread,len=4096
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\n'"$V_OUT"$'\nevtrigger: ok n=5002\nevread: n=32 [flags=0 seq=0 data='$EV$'] [flags=0 seq=1 data='$EV$'] [flags=1 seq=5001]\nevtrigger: ok n=1\nevread: n=12 [flags=0 seq=5002 data='$EV$']'
}

@test "an event queued after the LOST_EVENTS header removes it; only the sequence gap remains" {
	run iofd $E $Q $V evtrigger,dev_id=3,n=3 evread,len=24 evpoll evtrigger,dev_id=3,n=1 evread,len=4096 evpoll
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\n'"$V_OUT"$'\nevtrigger: ok n=3\nevread: n=24 [flags=0 seq=0 data='$EV$'] [flags=0 seq=1 data='$EV$']\nevpoll: 0x41\nevtrigger: ok n=1\nevread: n=12 [flags=0 seq=3 data='$EV$']\nevpoll: 0x0'
}

@test "while the queue stays full, every dropped event moves the header's sequence on" {
	run iofd $E $Q $V evtrigger,dev_id=3,n=3 evtrigger,dev_id=3,n=4 evread,len=4096
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\n'"$V_OUT"$'\nevtrigger: ok n=3\nevtrigger: ok n=4\nevread: n=32 [flags=0 seq=0 data='$EV$'] [flags=0 seq=1 data='$EV$'] [flags=1 seq=6]'
}

@test "DESTROY of a vEVENTQ with events and a LOST header pending; a new queue starts at sequence 0" {
	# id 4 is free again: the auto hwpt died with the replace
	run iofd $E $Q $V evtrigger,dev_id=3,n=3 evclose destroy,id=7 $Q evtrigger,dev_id=3,n=1 evread,len=64
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\n'"$V_OUT"$'\nevtrigger: ok n=3\ndestroy: ok\nveventq_alloc: ok out_veventq_id=4 '"$QFD"$'\nevtrigger: ok n=1\nevread: n=12 [flags=0 seq=0 data='$EV$']'
}

@test "close of the iommufd fd with a vEVENTQ fd open keeps the context until that fd closes" {
	run iofd $E $Q $V evtrigger,dev_id=3,n=1 close cat,path=$DBG/live_objects evread,len=64 evpoll evclose cat,path=$DBG/live_objects
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\n'"$V_OUT"$'\nevtrigger: ok n=1\ncat: 8\nevread: n=12 [flags=0 seq=0 data='$EV$']\nevpoll: 0x0\ncat: 0'
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
	run iofd $E $Q $V evtrigger,dev_id=3,n=3 evclose close cat,path=$DBG/live_objects
	expect_output "$E_OUT"$'\n'"$Q_OUT"$'\n'"$V_OUT"$'\nevtrigger: ok n=3\ncat: 0'
}
