#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# mmap() of the iommufd fd (spec (d)): the selftest vIOMMU with data
# registers 2 zeroed pages holding in_data in the first u32; offsets are the
# lowest free from PAGE_SIZE up, a mapping must be MAP_SHARED, not
# executable and cover exactly one whole region, and every VMA (also after
# a split or fork) holds the vIOMMU and the fd.

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

PAGE=$(getconf PAGESIZE)
LEN=$((2 * PAGE))

# ioas 1, stdev 2, idev 3, auto hwpt 4, nest parent 5
P="ioas_alloc test_mock_domain,id=1 hwpt_alloc,dev_id=3,pt_id=1,flags=1"
P_OUT=$'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nhwpt_alloc: ok out_hwpt_id=5'
# a selftest vIOMMU with data: in_data is iofd's 0xa5 fill, out_data a copy
# of it, then out_mmap_offset and out_mmap_length (little endian)
M="viommu_alloc,dev_id=3,hwpt_id=5,type=0xdeadbeef,data_len=24,buf=24"
le64() { printf '%016x' "$1" | sed 's/\(..\)/\1 /g' | awk '{for (i = NF; i; i--) printf "%s", $i}'; }
m_out() { echo "viommu_alloc: ok out_viommu_id=$1 buf=a5a5a5a5a5a5a5a5$(le64 "$2")$(le64 $LEN)"; }
# vIOMMU 6, its region at PAGE
S="$P $M"
S_OUT="$P_OUT"$'\n'"$(m_out 6 "$PAGE")"

@test "the first region of a fresh fd is at offset PAGE_SIZE, 2 pages long" {
	run iofd $S
	expect_output "$S_OUT"
}

@test "regions take the lowest free offset, reusing a freed gap" {
	run iofd $S $M $M destroy,id=7 $M $M
	expect_output "$S_OUT"$'\n'"$(m_out 7 $((3 * PAGE)))"$'\n'"$(m_out 8 $((5 * PAGE)))"$'\ndestroy: ok\n'"$(m_out 7 $((3 * PAGE)))"$'\n'"$(m_out 9 $((7 * PAGE)))"
}

@test "a vIOMMU without data has no region: mmap is ENXIO" {
	run iofd $P viommu_alloc,dev_id=3,hwpt_id=5,type=0xdeadbeef mmap,name=m,off=$PAGE,len=$LEN
	expect_output "$P_OUT"$'\nviommu_alloc: ok out_viommu_id=6\nmmap: ENXIO'
}

@test "mmap on a fresh fd is ENXIO" {
	run iofd mmap,name=m,off=0,len=$PAGE mmap,name=m,off=$PAGE,len=$LEN
	expect_output $'mmap: ENXIO\nmmap: ENXIO'
}

@test "MAP_SHARED mmap of the region shows in_data in the first u32, zeroes after" {
	run iofd $S mmap,name=m,off=$PAGE,len=$LEN peek,name=m peek,name=m,off=4 peek,name=m,off=$PAGE peek,name=m,off=$((LEN - 4))
	expect_output "$S_OUT"$'\nmmap: ok\npeek: 0xa5a5a5a5\npeek: 0x0\npeek: 0x0\npeek: 0x0'
}

@test "two mappings of the region share its pages" {
	run iofd $S mmap,name=a,off=$PAGE,len=$LEN mmap,name=b,off=$PAGE,len=$LEN poke,name=a,off=$PAGE,val=0x12345678 peek,name=b,off=$PAGE
	expect_output "$S_OUT"$'\nmmap: ok\nmmap: ok\npeek: 0x12345678'
}

@test "a read-only MAP_SHARED mapping works" {
	run iofd $S mmap,name=m,off=$PAGE,len=$LEN,prot=r peek,name=m
	expect_output "$S_OUT"$'\nmmap: ok\npeek: 0xa5a5a5a5'
}

@test "MAP_PRIVATE is EINVAL" {
	run iofd $S mmap,name=m,off=$PAGE,len=$LEN,private mmap,name=m,off=$PAGE,len=$LEN,prot=r,private
	expect_output "$S_OUT"$'\nmmap: EINVAL\nmmap: EINVAL'
}

@test "PROT_EXEC is EPERM" {
	run iofd $S mmap,name=m,off=$PAGE,len=$LEN,prot=rwx
	expect_output "$S_OUT"$'\nmmap: EPERM'
}

@test "MAP_PRIVATE is checked before PROT_EXEC, both before the offset" {
	run iofd $S mmap,name=m,off=$PAGE,len=$LEN,prot=rwx,private mmap,name=m,off=0,len=$LEN,prot=rwx
	expect_output "$S_OUT"$'\nmmap: EINVAL\nmmap: EPERM'
}

@test "a mapping cannot be made executable later (mprotect is EACCES)" {
	run iofd $S mmap,name=m,off=$PAGE,len=$LEN mprotect,name=m,prot=rwx mprotect,name=m,prot=r peek,name=m
	expect_output "$S_OUT"$'\nmmap: ok\nmprotect: EACCES\nmprotect: ok\npeek: 0xa5a5a5a5'
}

@test "offset 0 and offsets past the region are ENXIO" {
	run iofd $S mmap,name=m,off=0,len=$LEN mmap,name=m,off=$((3 * PAGE)),len=$LEN mmap,name=m,off=$((PAGE << 20)),len=$LEN
	expect_output "$S_OUT"$'\nmmap: ENXIO\nmmap: ENXIO\nmmap: ENXIO'
}

@test "an offset inside the region is ENXIO (no sub-offset)" {
	run iofd $S mmap,name=m,off=$((2 * PAGE)),len=$LEN mmap,name=m,off=$((2 * PAGE)),len=$PAGE
	expect_output "$S_OUT"$'\nmmap: ENXIO\nmmap: ENXIO'
}

@test "a shorter mapping is ENXIO (no partial mmap)" {
	run iofd $S mmap,name=m,off=$PAGE,len=$PAGE mmap,name=m,off=$PAGE,len=1
	expect_output "$S_OUT"$'\nmmap: ENXIO\nmmap: ENXIO'
}

@test "a longer mapping is ENXIO, also over the next region" {
	run iofd $S $M mmap,name=m,off=$PAGE,len=$((2 * LEN)) mmap,name=m,off=$PAGE,len=$((LEN + 1))
	expect_output "$S_OUT"$'\n'"$(m_out 7 $((3 * PAGE)))"$'\nmmap: ENXIO\nmmap: ENXIO'
}

@test "a mapping shifted by a page is ENXIO" {
	run iofd $S $M mmap,name=m,off=$((2 * PAGE)),len=$LEN mmap,name=m,off=$((3 * PAGE)),len=$LEN
	expect_output "$S_OUT"$'\n'"$(m_out 7 $((3 * PAGE)))"$'\nmmap: ENXIO\nmmap: ok'
}

@test "DESTROY of the vIOMMU is EBUSY while mapped, ok after munmap" {
	run iofd $S mmap,name=m,off=$PAGE,len=$LEN destroy,id=6 munmap,name=m destroy,id=6 mmap,name=m,off=$PAGE,len=$LEN
	expect_output "$S_OUT"$'\nmmap: ok\ndestroy: EBUSY\ndestroy: ok\nmmap: ENXIO'
}

@test "every mapping holds the vIOMMU: DESTROY waits for the last one" {
	run iofd $S mmap,name=a,off=$PAGE,len=$LEN mmap,name=b,off=$PAGE,len=$LEN munmap,name=a destroy,id=6 munmap,name=b destroy,id=6
	expect_output "$S_OUT"$'\nmmap: ok\nmmap: ok\ndestroy: EBUSY\ndestroy: ok'
}

@test "a partial munmap splits the VMA; the reference stays until the last piece goes" {
	run iofd $S mmap,name=m,off=$PAGE,len=$LEN munmap,name=m,off=0,len=$PAGE destroy,id=6 peek,name=m,off=$PAGE munmap,name=m,off=$PAGE,len=$PAGE destroy,id=6
	expect_output "$S_OUT"$'\nmmap: ok\ndestroy: EBUSY\npeek: 0x0\ndestroy: ok'
}

@test "the second page unmapped first: the first still reads in_data" {
	run iofd $S mmap,name=m,off=$PAGE,len=$LEN munmap,name=m,off=$PAGE,len=$PAGE destroy,id=6 peek,name=m munmap,name=m,off=0,len=$PAGE destroy,id=6
	expect_output "$S_OUT"$'\nmmap: ok\ndestroy: EBUSY\npeek: 0xa5a5a5a5\ndestroy: ok'
}

@test "fork: the child's copy holds the vIOMMU; the parent reads after the child unmaps" {
	run "$BIN/mmap_probe" fork
	expect_status 0
	expect_output $'child: read 0xbeef\nchild munmap: ok\nparent: read 0xbeef\nparent destroy while mapped: EBUSY\nparent munmap: ok\nparent destroy after both unmapped: ok'
}

@test "fork: after the parent unmaps, DESTROY waits for the child's munmap" {
	run "$BIN/mmap_probe" fork-parent
	expect_status 0
	expect_output $'parent: read 0xbeef\nparent munmap: ok\nparent destroy while the child maps: EBUSY\nchild: read 0xbeef\nchild munmap: ok\nparent destroy after both unmapped: ok'
}

@test "close of the fd while mapped: every object lives until munmap" {
	run iofd $S mmap,name=m,off=$PAGE,len=$LEN close cat,path=$DBG/live_objects peek,name=m munmap,name=m cat,path=$DBG/live_objects
	expect_output "$S_OUT"$'\nmmap: ok\ncat: 6\npeek: 0xa5a5a5a5\ncat: 0'
}

@test "a process killed with a mapping (fd closed) leaks nothing" {
	start_holder $S mmap,name=m,off=$PAGE,len=$LEN close
	run live_objects
	expect_output "6"
	run kmodctl remove $MOD
	expect_output "EAGAIN"
	stop_holder KILL
	run live_objects
	expect_output "0"
}

@test "DESTROY of the vIOMMU racing mmap and munmap for 3 seconds" {
	dmesg_mark
	run "$BIN/mmap_probe" race 3
	expect_status 0
	expect_output $'destroy at the end: ok\nrace: ok'
	# (vm-run fails the whole run on a splat; this names the test)
	run dmesg_since_mark
	if grep -E 'WARNING|BUG|Oops|refcount_t|iommufd_sim' <<<"$output"; then
		return 1
	fi
	run live_objects
	expect_output "0"
}
