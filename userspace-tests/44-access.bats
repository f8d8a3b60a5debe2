#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Access objects of upstream's selftest: IOMMU_TEST_OP_CREATE_ACCESS,
# ACCESS_PAGES, DESTROY_ACCESS_PAGES, ACCESS_RW, ACCESS_REPLACE_IOAS and
# the unmap notification (README.md, "Access objects"; module/access.c).
# accN is the N-th access fd (docs/testing.md).

load helpers

setup_file() { load_module; }
teardown() {
	kill_holders
	expect_nothing_left
}
teardown_file() { unload_module; }

MAPF=ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable
ACC='test_create_access,id=1'
PIN="$ACC,flags=needs_pin_pages"
ACC_OUT='test_create_access: ok fd=anon_inode:[iommufd_test_staccess] flags=rdwr,cloexec'
# 16 KiB of anonymous memory a at IOVA 0x100000 of IOAS 1
A16="ioas_alloc mem,name=a,len=16K $MAPF,user_va=@a,length=16K,iova=0x100000"
A16_OUT=$'ioas_alloc: ok out_ioas_id=1\nioas_map: ok iova=0x100000'
LIVE="cat,path=/sys/kernel/debug/iommufd_sim/live_objects"
PINNED="cat,path=/sys/kernel/debug/iommufd_sim/pinned_pages"

@test "access: CREATE_ACCESS gives an O_CLOEXEC fd and takes an object id, which DESTROY cannot free" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "$ACC" "$ACC_OUT"
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=3'
	step "destroy,id=2" 'destroy: EBUSY'
	step "accclose"
	step "destroy,id=2" 'destroy: ENOENT'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	run_steps
}

@test "access: unknown create flags are EOPNOTSUPP, a missing IOAS ENOENT, and no id stays taken" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "$ACC,flags=2" 'test_create_access: EOPNOTSUPP'
	step "test_create_access,id=7" 'test_create_access: ENOENT'
	step "test_create_access,id=0" 'test_create_access: ENOENT'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	step "$LIVE" 'cat: 2'
	run_steps
}

@test "access: it holds its IOAS, which cannot be destroyed until the access fd is closed" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "$ACC" "$ACC_OUT"
	step "destroy,id=1" 'destroy: EBUSY'
	step "accclose"
	step "destroy,id=1" 'destroy: ok'
	run_steps
}

@test "access: its fd keeps the context: closing the iommufd fd first frees nothing" {
	steps
	step "$A16" "$A16_OUT"
	step "$PIN" "$ACC_OUT"
	step "test_access_pages,id=acc0,iova=0x100000,length=4K" 'test_access_pages: ok out_access_pages_id=0'
	step "close"
	step "$LIVE" 'cat: 2'
	step "$PINNED" 'cat: 4'
	step "accclose"
	step "$LIVE" 'cat: 0'
	step "$PINNED" 'cat: 0'
	run_steps
}

@test "access: an op on an fd that is not an access fd is EBADFD" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "test_access_rw,id=0,iova=0x1000,length=4" 'test_access_rw: EBADFD'
	step "test_access_pages,id=999999,iova=0x1000,length=4K" 'test_access_pages: EBADFD'
	step "test_destroy_access_pages,id=0xffffffff" 'test_destroy_access_pages: EBADFD'
	step "test_access_replace_ioas,id=1,ioas_id=1" 'test_access_replace_ioas: EBADFD'
	run_steps
}

@test "access pages: length, flags and fd are checked in upstream's order; an access without NEEDS_PIN_PAGES cannot pin" {
	steps
	step "$A16" "$A16_OUT"
	step "$ACC" "$ACC_OUT"
	step "test_access_pages,id=999999,iova=0x100000,length=0x1000001,flags=8" 'test_access_pages: ENOMEM'
	step "test_access_pages,id=999999,iova=0x100000,length=4K,flags=8" 'test_access_pages: EOPNOTSUPP'
	step "test_access_pages,id=999999,iova=0x100000,length=4K" 'test_access_pages: EBADFD'
	step "test_access_pages,id=acc0,iova=0x100000,length=4K" 'test_access_pages: EOPNOTSUPP'
	step "accclose"
	run_steps
}

@test "access pages: a pin pins and charges the memory; DESTROY_ACCESS_PAGES releases it; ids count from 0" {
	steps
	step "$A16" "$A16_OUT"
	step "$PIN" "$ACC_OUT"
	step "test_access_pages,id=acc0,iova=0x101000,length=8K,uptr=@a+4K" 'test_access_pages: ok out_access_pages_id=0'
	step "test_access_pages,id=acc0,iova=0x100000,length=1,flags=write" 'test_access_pages: ok out_access_pages_id=1'
	# a mapping's memory is pinned as a whole, once
	step "$PINNED" 'cat: 4'
	step "test_md_check_refs,uptr=@a,length=16K,refs=1" 'test_md_check_refs: ok'
	step "test_destroy_access_pages,id=acc0,access_pages_id=0" 'test_destroy_access_pages: ok'
	step "test_destroy_access_pages,id=acc0,access_pages_id=0" 'test_destroy_access_pages: ENOENT'
	step "$PINNED" 'cat: 4'
	step "test_destroy_access_pages,id=acc0,access_pages_id=1" 'test_destroy_access_pages: ok'
	step "$PINNED" 'cat: 0'
	step "test_md_check_refs,uptr=@a,length=16K,refs=0" 'test_md_check_refs: ok'
	step "test_access_pages,id=acc0,iova=0x100000,length=4K" 'test_access_pages: ok out_access_pages_id=2'
	step "accclose"
	step "$PINNED" 'cat: 0'
	run_steps
}

@test "access pages: the pin's errors: length 0 EINVAL, a wrap EOVERFLOW, unmapped ENOENT, unaligned EINVAL, a write to a read-only mapping EPERM" {
	steps
	step "$A16" "$A16_OUT"
	step "mem,name=r,len=4K"
	step "ioas_map,ioas_id=1,flags=fixed_iova:readable,user_va=@r,length=4K,iova=0x104000" 'ioas_map: ok iova=0x104000'
	step "$PIN" "$ACC_OUT"
	step "test_access_pages,id=acc0,iova=0x100000,length=0" 'test_access_pages: EINVAL'
	step "test_access_pages,id=acc0,iova=0xfffffffffffff000,length=8K" 'test_access_pages: EOVERFLOW'
	step "test_access_pages,id=acc0,iova=0x200000,length=4K" 'test_access_pages: ENOENT'
	step "test_access_pages,id=acc0,iova=0x104000,length=8K" 'test_access_pages: ENOENT'
	step "test_access_pages,id=acc0,iova=0x100800,length=4K" 'test_access_pages: EINVAL'
	step "test_access_pages,id=acc0,iova=0x103000,length=8K,flags=write" 'test_access_pages: EPERM'
	step "$PINNED" 'cat: 0'
	# reading the read-only mapping is allowed, across both mappings
	step "test_access_pages,id=acc0,iova=0x103000,length=8K" 'test_access_pages: ok out_access_pages_id=0'
	step "$PINNED" 'cat: 5'
	step "accclose"
	run_steps
}

@test "access pages: uptr must map the pinned pages in the caller (EBADE), and a failure leaves nothing pinned" {
	steps
	step "$A16" "$A16_OUT"
	step "mem,name=b,len=4K"
	step "$PIN" "$ACC_OUT"
	step "test_access_pages,id=acc0,iova=0x100000,length=4K,uptr=@b" 'test_access_pages: EBADE'
	step "test_access_pages,id=acc0,iova=0x100000,length=8K,uptr=@a+4K" 'test_access_pages: EBADE'
	step "$PINNED" 'cat: 0'
	step "test_access_pages,id=acc0,iova=0x100000,length=8K,uptr=@a" 'test_access_pages: ok out_access_pages_id=0'
	step "accclose"
	run_steps
}

@test "access: NEEDS_PIN_PAGES raises the IOVA alignment to PAGE_SIZE while attached; a misaligned mapping refuses it" {
	steps
	step "ioas_alloc mem,name=a,len=16K" 'ioas_alloc: ok out_ioas_id=1'
	step "$MAPF,user_va=@a,length=0x800,iova=0x100800" 'ioas_map: ok iova=0x100800'
	step "$PIN" 'test_create_access: EADDRINUSE'
	step "$ACC" "$ACC_OUT"
	step "ioas_iova_ranges,ioas_id=1,num_iovas=1" 'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1 ranges=0x0-0xffffffffffffffff'
	step "ioas_unmap,ioas_id=1,iova=0,length=0xffffffffffffffff" 'ioas_unmap: ok length=0x800'
	step "$PIN" "$ACC_OUT"
	step "ioas_iova_ranges,ioas_id=1,num_iovas=1" 'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1000 ranges=0x0-0xffffffffffffffff'
	step "$MAPF,user_va=@a,length=0x800,iova=0x100800" 'ioas_map: EINVAL'
	step "accclose,a=1"
	step "ioas_iova_ranges,ioas_id=1,num_iovas=1" 'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1 ranges=0x0-0xffffffffffffffff'
	step "accclose,a=0"
	run_steps
}

@test "unmap: IOAS_UNMAP of pinned memory makes the access release its pin, then unmaps" {
	steps
	step "$A16" "$A16_OUT"
	step "$PIN" "$ACC_OUT"
	step "test_access_pages,id=acc0,iova=0x100000,length=16K,uptr=@a" 'test_access_pages: ok out_access_pages_id=0'
	step "ioas_unmap,ioas_id=1,iova=0x100000,length=16K" 'ioas_unmap: ok length=0x4000'
	step "test_destroy_access_pages,id=acc0,access_pages_id=0" 'test_destroy_access_pages: ENOENT'
	step "$PINNED" 'cat: 0'
	step "accclose"
	run_steps
}

@test "unmap: only the pins in the unmapped range are released, of every access of the IOAS" {
	steps
	step "$A16" "$A16_OUT"
	step "mem,name=b,len=16K"
	step "$MAPF,user_va=@b,length=16K,iova=0x200000" 'ioas_map: ok iova=0x200000'
	step "$PIN" "$ACC_OUT"
	step "$PIN" "$ACC_OUT"
	step "test_access_pages,id=acc0,iova=0x100000,length=4K" 'test_access_pages: ok out_access_pages_id=0'
	step "test_access_pages,id=acc0,iova=0x200000,length=4K" 'test_access_pages: ok out_access_pages_id=1'
	step "test_access_pages,id=acc1,iova=0x203000,length=4K" 'test_access_pages: ok out_access_pages_id=0'
	step "$PINNED" 'cat: 8'
	step "ioas_unmap,ioas_id=1,iova=0x200000,length=16K" 'ioas_unmap: ok length=0x4000'
	step "$PINNED" 'cat: 4'
	step "test_destroy_access_pages,id=acc1,access_pages_id=0" 'test_destroy_access_pages: ENOENT'
	step "test_destroy_access_pages,id=acc0,access_pages_id=1" 'test_destroy_access_pages: ENOENT'
	step "test_destroy_access_pages,id=acc0,access_pages_id=0" 'test_destroy_access_pages: ok'
	step "accclose,a=0"
	step "accclose,a=1"
	run_steps
}

@test "unmap: a pin survives a domain's detach, and the domain's pins an access's release" {
	steps
	step "ioas_alloc mem,name=a,len=16K" 'ioas_alloc: ok out_ioas_id=1'
	step "test_mock_domain,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "$MAPF,user_va=@a,length=16K,iova=0x1000000" 'ioas_map: ok iova=0x1000000'
	step "$PIN" "$ACC_OUT"
	step "test_access_pages,id=acc0,iova=0x1001000,length=4K" 'test_access_pages: ok out_access_pages_id=0'
	step "test_md_check_refs,uptr=@a,length=16K,refs=1" 'test_md_check_refs: ok'
	step "destroy,id=2" 'destroy: ok'
	step "$PINNED" 'cat: 4'
	step "test_mock_domain,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "test_destroy_access_pages,id=acc0,access_pages_id=0" 'test_destroy_access_pages: ok'
	step "$PINNED" 'cat: 4'
	step "destroy,id=2" 'destroy: ok'
	step "$PINNED" 'cat: 0'
	step "accclose"
	run_steps
}

@test "access rw: reads and writes the memory under IOVAs, across two mappings, pinning nothing" {
	steps
	step "ioas_alloc mem,name=a,len=8K mem,name=b,len=8K mem,name=c,len=16" 'ioas_alloc: ok out_ioas_id=1'
	step "$MAPF,user_va=@a,length=8K,iova=0x100000" 'ioas_map: ok iova=0x100000'
	step "$MAPF,user_va=@b,length=8K,iova=0x102000" 'ioas_map: ok iova=0x102000'
	step "$ACC" "$ACC_OUT"
	step "poke,name=a,off=0x1ffc,val=0x11223344 poke,name=b,off=0,val=0x55667788"
	step "test_access_rw,id=acc0,iova=0x101ffc,length=8,uptr=@c" 'test_access_rw: ok'
	step "peek,name=c,off=0" 'peek: 0x11223344'
	step "peek,name=c,off=4" 'peek: 0x55667788'
	step "poke,name=c,off=8,val=0xcafef00d"
	step "test_access_rw,id=acc0,iova=0x102ffe,length=4,uptr=@c+8,flags=write" 'test_access_rw: ok'
	step "peek,name=b,off=0xffc" 'peek: 0xf00d0000'
	step "peek,name=b,off=0x1000" 'peek: 0xcafe'
	step "$PINNED" 'cat: 0'
	step "accclose"
	run_steps
}

@test "access rw: with a domain it copies through the domain's pins, and SLOW_PATH gives the same bytes" {
	steps
	step "ioas_alloc mem,name=a,len=8K mem,name=c,len=8" 'ioas_alloc: ok out_ioas_id=1'
	step "test_mock_domain,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "$MAPF,user_va=@a,length=8K,iova=0x1000000" 'ioas_map: ok iova=0x1000000'
	step "$ACC" "$ACC_OUT"
	step "poke,name=a,off=0x1000,val=0xabcd0123"
	step "test_access_rw,id=acc0,iova=0x1001000,length=4,uptr=@c" 'test_access_rw: ok'
	step "peek,name=c" 'peek: 0xabcd0123'
	step "test_access_rw,id=acc0,iova=0x1001002,length=2,uptr=@c+4,flags=slow_path" 'test_access_rw: ok'
	step "peek,name=c,off=4" 'peek: 0xabcd'
	step "test_access_rw,id=acc0,iova=0x1000008,length=4,uptr=@c,flags=write:slow_path" 'test_access_rw: ok'
	step "peek,name=a,off=8" 'peek: 0xabcd0123'
	step "$PINNED" 'cat: 2'
	step "accclose"
	step "destroy,id=2" 'destroy: ok'
	run_steps
}

@test "access rw: a memfd mapping (IOAS_MAP_FILE) is read and written through the file's pages" {
	steps
	step "ioas_alloc mem,name=m,len=8K,kind=memfd mem,name=c,len=8" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map_file,ioas_id=1,flags=fixed_iova:writeable:readable,fd=@m,start=0,length=8K,iova=0x100000" 'ioas_map_file: ok iova=0x100000'
	step "$ACC" "$ACC_OUT"
	step "poke,name=m,off=0x1004,val=0x600dcafe"
	step "test_access_rw,id=acc0,iova=0x101004,length=4,uptr=@c" 'test_access_rw: ok'
	step "peek,name=c" 'peek: 0x600dcafe'
	step "poke,name=c,off=4,val=0x12345678"
	step "test_access_rw,id=acc0,iova=0x100010,length=4,uptr=@c+4,flags=write" 'test_access_rw: ok'
	step "peek,name=m,off=0x10" 'peek: 0x12345678'
	step "accclose"
	run_steps
}

@test "access rw: errors: length and flags first, then a gap ENOENT, a write to a read-only mapping EPERM, length 0 EINVAL" {
	steps
	step "$A16" "$A16_OUT"
	step "mem,name=r,len=4K mem,name=c,len=8"
	step "ioas_map,ioas_id=1,flags=fixed_iova:readable,user_va=@r,length=4K,iova=0x200000" 'ioas_map: ok iova=0x200000'
	step "$ACC" "$ACC_OUT"
	step "test_access_rw,id=999999,iova=0x100000,length=0x1000001,uptr=@c" 'test_access_rw: ENOMEM'
	step "test_access_rw,id=999999,iova=0x100000,length=4,uptr=@c,flags=2" 'test_access_rw: EOPNOTSUPP'
	step "test_access_rw,id=acc0,iova=0x103ffc,length=8,uptr=@c" 'test_access_rw: ENOENT'
	step "test_access_rw,id=acc0,iova=0x300000,length=4,uptr=@c" 'test_access_rw: ENOENT'
	step "test_access_rw,id=acc0,iova=0x200000,length=4,uptr=@c,flags=write" 'test_access_rw: EPERM'
	step "test_access_rw,id=acc0,iova=0x200000,length=4,uptr=@c" 'test_access_rw: ok'
	step "test_access_rw,id=acc0,iova=0x200000,length=0,uptr=@c" 'test_access_rw: EINVAL'
	step "test_access_rw,id=acc0,iova=0xfffffffffffffffc,length=8,uptr=@c" 'test_access_rw: EOVERFLOW'
	step "test_access_rw,id=acc0,iova=0x100000,length=4,uptr=0" 'test_access_rw: EFAULT'
	step "test_access_rw,id=acc0,iova=0x100000,length=4,uptr=0,flags=write" 'test_access_rw: EFAULT'
	step "accclose"
	run_steps
}

@test "replace: the access moves to another IOAS, releasing its pins, and lets go of the old one" {
	steps
	step "$A16" "$A16_OUT"
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	step "ioas_map,ioas_id=2,flags=fixed_iova:writeable:readable,user_va=@a,length=16K,iova=0x300000" 'ioas_map: ok iova=0x300000'
	step "$PIN" "$ACC_OUT"
	step "test_access_pages,id=acc0,iova=0x100000,length=4K" 'test_access_pages: ok out_access_pages_id=0'
	step "test_access_replace_ioas,id=acc0,ioas_id=2" 'test_access_replace_ioas: ok'
	step "test_destroy_access_pages,id=acc0,access_pages_id=0" 'test_destroy_access_pages: ENOENT'
	step "$PINNED" 'cat: 0'
	step "destroy,id=1" 'destroy: ok'
	step "destroy,id=2" 'destroy: EBUSY'
	step "test_access_pages,id=acc0,iova=0x300000,length=4K" 'test_access_pages: ok out_access_pages_id=1'
	step "test_access_pages,id=acc0,iova=0x100000,length=4K" 'test_access_pages: ENOENT'
	step "accclose"
	step "destroy,id=2" 'destroy: ok'
	run_steps
}

@test "replace: a missing IOAS is ENOENT and the access stays; the same IOAS is 0 and keeps its pins" {
	steps
	step "$A16" "$A16_OUT"
	step "$PIN" "$ACC_OUT"
	step "test_access_pages,id=acc0,iova=0x100000,length=4K" 'test_access_pages: ok out_access_pages_id=0'
	step "test_access_replace_ioas,id=acc0,ioas_id=9" 'test_access_replace_ioas: ENOENT'
	step "test_access_replace_ioas,id=acc0,ioas_id=2" 'test_access_replace_ioas: ENOENT'
	step "test_access_replace_ioas,id=acc0,ioas_id=1" 'test_access_replace_ioas: ok'
	step "test_destroy_access_pages,id=acc0,access_pages_id=0" 'test_destroy_access_pages: ok'
	step "destroy,id=1" 'destroy: EBUSY'
	step "accclose"
	run_steps
}

@test "replace: an IOAS whose mappings miss the alignment the access needs is EADDRINUSE" {
	steps
	step "$A16" "$A16_OUT"
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	step "ioas_map,ioas_id=2,flags=fixed_iova:writeable:readable,user_va=@a,length=0x800,iova=0x100800" 'ioas_map: ok iova=0x100800'
	step "$PIN" "$ACC_OUT"
	step "test_access_pages,id=acc0,iova=0x100000,length=4K" 'test_access_pages: ok out_access_pages_id=0'
	step "test_access_replace_ioas,id=acc0,ioas_id=2" 'test_access_replace_ioas: EADDRINUSE'
	step "test_destroy_access_pages,id=acc0,access_pages_id=0" 'test_destroy_access_pages: ok'
	step "destroy,id=2" 'destroy: ok'
	step "accclose"
	run_steps
}

@test "access: closing the access fd releases every pin it holds" {
	steps
	step "$A16" "$A16_OUT"
	step "$PIN" "$ACC_OUT"
	step "test_access_pages,id=acc0,iova=0x100000,length=4K" 'test_access_pages: ok out_access_pages_id=0'
	step "test_access_pages,id=acc0,iova=0x102000,length=8K" 'test_access_pages: ok out_access_pages_id=1'
	step "accclose"
	step "$PINNED" 'cat: 0'
	step "test_md_check_refs,uptr=@a,length=16K,refs=0" 'test_md_check_refs: ok'
	step "ioas_unmap,ioas_id=1,iova=0x100000,length=16K" 'ioas_unmap: ok length=0x4000'
	run_steps
}

# tools/race_access_unmap.c: pins, reads, replaces and closes of accesses
# against IOAS_UNMAP+MAP of their memory; each errno must be one the ABI
# allows at that moment, and IOAS_UNMAP always succeeds.
@test "race: accesses pinning, reading and replacing race IOAS_UNMAP+MAP: the unmap always wins, nothing leaks" {
	run "$BIN/race_access_unmap" -t 3
	expect_status 0
	[[ $output == "race: ok "* ]] || { echo "$output" >&2; false; }
}

@test "race: the same with a mock domain attached (the pins are shared with the domain's)" {
	run "$BIN/race_access_unmap" -t 3 -d
	expect_status 0
	[[ $output == "race: ok "* ]] || { echo "$output" >&2; false; }
}
