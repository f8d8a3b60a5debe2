#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# mmap() of the iommufd fd (README.md, "The mmap contract"): the selftest vIOMMU with data
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
P="ioas_alloc test_mock_domain,id=1 hwpt_alloc,dev_id=3,pt_id=1,flags=nest_parent"
P_OUT=$'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nhwpt_alloc: ok out_hwpt_id=5'
# a selftest vIOMMU with data: in_data is iofd's 0xa5 fill, out_data a copy
# of it, then out_mmap_offset and out_mmap_length (little endian)
M="viommu_alloc,dev_id=3,hwpt_id=5,type=selftest,data_len=24,buf=24"
le64() { printf '%016x' "$1" | sed 's/\(..\)/\1 /g' | awk '{for (i = NF; i; i--) printf "%s", $i}'; }
m_out() { echo "viommu_alloc: ok out_viommu_id=$1 buf=a5a5a5a5a5a5a5a5$(le64 "$2")$(le64 $LEN)"; }
# vIOMMU 6, its region at PAGE
S="$P $M"
S_OUT="$P_OUT"$'\n'"$(m_out 6 "$PAGE")"

@test "the first region of a fresh fd is at offset PAGE_SIZE, 2 pages long" {
	steps
	step "$S" "$S_OUT"
	run_steps
}

@test "regions take the lowest free offset, reusing a freed gap" {
	steps
	step "$S" "$S_OUT"
	step "$M" \
		'viommu_alloc: ok out_viommu_id=7 buf=a5a5a5a5a5a5a5a500300000000000000020000000000000'
	step "$M" \
		'viommu_alloc: ok out_viommu_id=8 buf=a5a5a5a5a5a5a5a500500000000000000020000000000000'
	step "destroy,id=7" 'destroy: ok'
	step "$M" \
		'viommu_alloc: ok out_viommu_id=7 buf=a5a5a5a5a5a5a5a500300000000000000020000000000000'
	step "$M" \
		'viommu_alloc: ok out_viommu_id=9 buf=a5a5a5a5a5a5a5a500700000000000000020000000000000'
	run_steps
}

@test "a vIOMMU without data has no region: mmap is ENXIO" {
	steps
	step "$P" "$P_OUT"
	step "viommu_alloc,dev_id=3,hwpt_id=5,type=selftest" 'viommu_alloc: ok out_viommu_id=6'
	step "mmap,name=m,off=$PAGE,len=$LEN" 'mmap: ENXIO'
	run_steps
}

@test "mmap on a fresh fd is ENXIO" {
	steps
	step "mmap,name=m,off=0,len=$PAGE" 'mmap: ENXIO'
	step "mmap,name=m,off=$PAGE,len=$LEN" 'mmap: ENXIO'
	run_steps
}

@test "MAP_SHARED mmap of the region shows in_data in the first u32, zeroes after" {
	steps
	step "$S" "$S_OUT"
	step "mmap,name=m,off=$PAGE,len=$LEN" 'mmap: ok'
	step "peek,name=m" 'peek: 0xa5a5a5a5'
	step "peek,name=m,off=4" 'peek: 0x0'
	step "peek,name=m,off=$PAGE" 'peek: 0x0'
	step "peek,name=m,off=$((LEN - 4))" 'peek: 0x0'
	run_steps
}

@test "two mappings of the region share its pages" {
	steps
	step "$S" "$S_OUT"
	step "mmap,name=a,off=$PAGE,len=$LEN" 'mmap: ok'
	step "mmap,name=b,off=$PAGE,len=$LEN" 'mmap: ok'
	step "poke,name=a,off=$PAGE,val=0x12345678"
	step "peek,name=b,off=$PAGE" 'peek: 0x12345678'
	run_steps
}

@test "a read-only MAP_SHARED mapping works" {
	steps
	step "$S" "$S_OUT"
	step "mmap,name=m,off=$PAGE,len=$LEN,prot=r" 'mmap: ok'
	step "peek,name=m" 'peek: 0xa5a5a5a5'
	run_steps
}

@test "MAP_PRIVATE is EINVAL" {
	steps
	step "$S" "$S_OUT"
	step "mmap,name=m,off=$PAGE,len=$LEN,private" 'mmap: EINVAL'
	step "mmap,name=m,off=$PAGE,len=$LEN,prot=r,private" 'mmap: EINVAL'
	run_steps
}

@test "PROT_EXEC is EPERM" {
	steps
	step "$S" "$S_OUT"
	step "mmap,name=m,off=$PAGE,len=$LEN,prot=rwx" 'mmap: EPERM'
	run_steps
}

@test "MAP_PRIVATE is checked before PROT_EXEC, both before the offset" {
	steps
	step "$S" "$S_OUT"
	step "mmap,name=m,off=$PAGE,len=$LEN,prot=rwx,private" 'mmap: EINVAL'
	step "mmap,name=m,off=0,len=$LEN,prot=rwx" 'mmap: EPERM'
	run_steps
}

@test "a mapping cannot be made executable later (mprotect is EACCES)" {
	steps
	step "$S" "$S_OUT"
	step "mmap,name=m,off=$PAGE,len=$LEN" 'mmap: ok'
	step "mprotect,name=m,prot=rwx" 'mprotect: EACCES'
	step "mprotect,name=m,prot=r" 'mprotect: ok'
	step "peek,name=m" 'peek: 0xa5a5a5a5'
	run_steps
}

@test "offset 0 and offsets past the region are ENXIO" {
	steps
	step "$S" "$S_OUT"
	step "mmap,name=m,off=0,len=$LEN" 'mmap: ENXIO'
	step "mmap,name=m,off=$((3 * PAGE)),len=$LEN" 'mmap: ENXIO'
	step "mmap,name=m,off=$((PAGE << 20)),len=$LEN" 'mmap: ENXIO'
	run_steps
}

@test "an offset inside the region is ENXIO (no sub-offset)" {
	steps
	step "$S" "$S_OUT"
	step "mmap,name=m,off=$((2 * PAGE)),len=$LEN" 'mmap: ENXIO'
	step "mmap,name=m,off=$((2 * PAGE)),len=$PAGE" 'mmap: ENXIO'
	run_steps
}

@test "a shorter mapping is ENXIO (no partial mmap)" {
	steps
	step "$S" "$S_OUT"
	step "mmap,name=m,off=$PAGE,len=$PAGE" 'mmap: ENXIO'
	step "mmap,name=m,off=$PAGE,len=1" 'mmap: ENXIO'
	run_steps
}

@test "a longer mapping is ENXIO, also over the next region" {
	steps
	step "$S" "$S_OUT"
	step "$M" \
		'viommu_alloc: ok out_viommu_id=7 buf=a5a5a5a5a5a5a5a500300000000000000020000000000000'
	step "mmap,name=m,off=$PAGE,len=$((2 * LEN))" 'mmap: ENXIO'
	step "mmap,name=m,off=$PAGE,len=$((LEN + 1))" 'mmap: ENXIO'
	run_steps
}

@test "a mapping shifted by a page is ENXIO" {
	steps
	step "$S" "$S_OUT"
	step "$M" \
		'viommu_alloc: ok out_viommu_id=7 buf=a5a5a5a5a5a5a5a500300000000000000020000000000000'
	step "mmap,name=m,off=$((2 * PAGE)),len=$LEN" 'mmap: ENXIO'
	step "mmap,name=m,off=$((3 * PAGE)),len=$LEN" 'mmap: ok'
	run_steps
}

@test "DESTROY of the vIOMMU is EBUSY while mapped, ok after munmap" {
	steps
	step "$S" "$S_OUT"
	step "mmap,name=m,off=$PAGE,len=$LEN" 'mmap: ok'
	step "destroy,id=6" 'destroy: EBUSY'
	step "munmap,name=m"
	step "destroy,id=6" 'destroy: ok'
	step "mmap,name=m,off=$PAGE,len=$LEN" 'mmap: ENXIO'
	run_steps
}

@test "every mapping holds the vIOMMU: DESTROY waits for the last one" {
	steps
	step "$S" "$S_OUT"
	step "mmap,name=a,off=$PAGE,len=$LEN" 'mmap: ok'
	step "mmap,name=b,off=$PAGE,len=$LEN" 'mmap: ok'
	step "munmap,name=a"
	step "destroy,id=6" 'destroy: EBUSY'
	step "munmap,name=b"
	step "destroy,id=6" 'destroy: ok'
	run_steps
}

@test "a partial munmap splits the VMA; the reference stays until the last piece goes" {
	steps
	step "$S" "$S_OUT"
	step "mmap,name=m,off=$PAGE,len=$LEN" 'mmap: ok'
	step "munmap,name=m,off=0,len=$PAGE"
	step "destroy,id=6" 'destroy: EBUSY'
	step "peek,name=m,off=$PAGE" 'peek: 0x0'
	step "munmap,name=m,off=$PAGE,len=$PAGE"
	step "destroy,id=6" 'destroy: ok'
	run_steps
}

@test "the second page unmapped first: the first still reads in_data" {
	steps
	step "$S" "$S_OUT"
	step "mmap,name=m,off=$PAGE,len=$LEN" 'mmap: ok'
	step "munmap,name=m,off=$PAGE,len=$PAGE"
	step "destroy,id=6" 'destroy: EBUSY'
	step "peek,name=m" 'peek: 0xa5a5a5a5'
	step "munmap,name=m,off=0,len=$PAGE"
	step "destroy,id=6" 'destroy: ok'
	run_steps
}

@test "fork: the child's copy holds the vIOMMU; the parent reads after the child unmaps" {
	run "$BIN/mmap_probe" fork
	expect_status 0
	expect_output "$(lines 'child: read 0xbeef' \
		'child munmap: ok' \
		'parent: read 0xbeef' \
		'parent destroy while mapped: EBUSY' \
		'parent munmap: ok' \
		'parent destroy after both unmapped: ok')"
}

@test "fork: after the parent unmaps, DESTROY waits for the child's munmap" {
	run "$BIN/mmap_probe" fork-parent
	expect_status 0
	expect_output "$(lines 'parent: read 0xbeef' \
		'parent munmap: ok' \
		'parent destroy while the child maps: EBUSY' \
		'child: read 0xbeef' \
		'child munmap: ok' \
		'parent destroy after both unmapped: ok')"
}

@test "close of the fd while mapped: every object lives until munmap" {
	steps
	step "$S" "$S_OUT"
	step "mmap,name=m,off=$PAGE,len=$LEN" 'mmap: ok'
	step "close"
	step "cat,path=$DBG/live_objects" 'cat: 6'
	step "peek,name=m" 'peek: 0xa5a5a5a5'
	step "munmap,name=m"
	step "cat,path=$DBG/live_objects" 'cat: 0'
	run_steps
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
