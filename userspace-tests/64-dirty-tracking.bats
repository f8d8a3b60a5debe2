#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Dirty tracking (README.md, "Supported ioctls": IOMMU_HWPT_SET_DIRTY_TRACKING,
# IOMMU_HWPT_GET_DIRTY_BITMAP, IOMMU_TEST_OP_DIRTY) and the driver data of a
# mock paging HWPT (iommu_hwpt_selftest.pagetable_type).  The upstream tests
# are iommufd_dirty_tracking.* (88-upstream-kselftest.bats).

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

MAPF="ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable"
# ioas 1 with 64 KiB mapped at 16 MiB, stdev 2, idev 3, auto hwpt 4,
# dirty-tracking HWPT 5; bitmaps in "m": the device's at 0, ours at 4K
D="ioas_alloc mem,name=b,len=64K $MAPF,iova=0x1000000,user_va=@b,length=64K test_mock_domain,id=1 hwpt_alloc,dev_id=3,pt_id=1,flags=dirty_tracking mem,name=m,len=16K"
D_OUT=$(lines 'ioas_alloc: ok out_ioas_id=1' 'ioas_map: ok iova=0x1000000' \
	'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3' \
	'hwpt_alloc: ok out_hwpt_id=5')
ON="set_dirty_tracking,hwpt_id=5,flags=enable"
# the device writes to the 2 KiB IO pages whose bits are set at m + 0
TD="test_dirty,id=5,iova=0x1000000,page_size=2048,uptr=@m"
# read 64 KiB in 2 KiB bits into m + 4K
GB="get_dirty_bitmap,hwpt_id=5,iova=0x1000000,length=64K,page_size=2048,data=@m+4K"
OUT="bits,name=m,off=4K,n=32"
ZERO="poke,name=m,off=4K,val=0"

@test "SET_DIRTY_TRACKING: unknown flags EOPNOTSUPP, not a paging HWPT ENOENT, no dirty tracking EOPNOTSUPP" {
	steps
	step "$D" "$D_OUT"
	step "set_dirty_tracking,hwpt_id=5,flags=2" 'set_dirty_tracking: EOPNOTSUPP'
	step "set_dirty_tracking,hwpt_id=1,flags=enable" 'set_dirty_tracking: ENOENT'
	step "set_dirty_tracking,hwpt_id=99,flags=enable" 'set_dirty_tracking: ENOENT'
	step "set_dirty_tracking,hwpt_id=4,flags=enable" 'set_dirty_tracking: EOPNOTSUPP'
	step "set_dirty_tracking,hwpt_id=4" 'set_dirty_tracking: EOPNOTSUPP'
	step "$ON" 'set_dirty_tracking: ok'
	step "$ON" 'set_dirty_tracking: ok'
	step "set_dirty_tracking,hwpt_id=5" 'set_dirty_tracking: ok'
	# __reserved is not checked, as upstream; size 12 is too short
	step "$ON,__reserved=1" 'set_dirty_tracking: ok'
	step "$ON,size=12" 'set_dirty_tracking: EINVAL'
	run_steps
}

@test "TEST_OP_DIRTY: EINVAL until tracking is on, for bad sizes and a NULL bitmap; EOVERFLOW past 2^27 bits" {
	steps
	step "$D" "$D_OUT"
	step "poke,name=m,val=1"
	step "$TD,length=64K" 'test_dirty: EINVAL'
	step "$ON" 'set_dirty_tracking: ok'
	step "$TD,length=64K,page_size=0" 'test_dirty: EINVAL'
	step "$TD,length=0" 'test_dirty: EINVAL'
	step "$TD,length=3K" 'test_dirty: EINVAL'
	step "$TD,length=64K,iova=0x1000400" 'test_dirty: EINVAL'
	step "$TD,length=64K,uptr=0" 'test_dirty: EINVAL'
	step "$TD,page_size=1,length=0x8000001" 'test_dirty: EOVERFLOW'
	step "$TD,length=64K,id=4" 'test_dirty: EINVAL'
	step "$TD,length=64K,id=1" 'test_dirty: ENOENT'
	step "$TD,length=64K,uptr=8" 'test_dirty: EFAULT'
	step "$TD,length=64K" 'test_dirty: ok out_nr_dirty=1'
	run_steps
}

@test "TEST_OP_DIRTY counts every bit set, mapped or not, as upstream" {
	steps
	step "$D" "$D_OUT"
	step "$ON" 'set_dirty_tracking: ok'
	step "poke,name=m,val=0x80000005"
	step "$TD,length=64K" 'test_dirty: ok out_nr_dirty=3'
	# 64 KiB from 32 MiB maps nothing
	step "$TD,length=64K,iova=0x2000000" 'test_dirty: ok out_nr_dirty=3'
	step "$GB" 'get_dirty_bitmap: ok'
	step "$OUT" 'bits: 0 2 31'
	run_steps
}

@test "GET_DIRTY_BITMAP reports each dirty IO page and clears it; NO_CLEAR leaves it dirty" {
	steps
	step "$D" "$D_OUT"
	step "$ON" 'set_dirty_tracking: ok'
	step "poke,name=m,val=0x80000005"
	step "$TD,length=64K" 'test_dirty: ok out_nr_dirty=3'
	step "$GB,flags=no_clear" 'get_dirty_bitmap: ok'
	step "$OUT" 'bits: 0 2 31'
	step "$ZERO" && step "$GB,flags=no_clear" 'get_dirty_bitmap: ok'
	step "$OUT" 'bits: 0 2 31'
	step "$ZERO" && step "$GB" 'get_dirty_bitmap: ok'
	step "$OUT" 'bits: 0 2 31'
	step "$ZERO" && step "$GB" 'get_dirty_bitmap: ok'
	step "$OUT" 'bits: none'
	run_steps
}

@test "GET_DIRTY_BITMAP only sets bits: what the bitmap held stays" {
	steps
	step "$D" "$D_OUT"
	step "$ON" 'set_dirty_tracking: ok'
	step "poke,name=m,val=1"
	step "$TD,length=64K" 'test_dirty: ok out_nr_dirty=1'
	step "poke,name=m,off=4K,val=0xffff0000"
	step "$GB" 'get_dirty_bitmap: ok'
	step "$OUT" 'bits: 0 16-31'
	run_steps
}

@test "GET_DIRTY_BITMAP: a bitmap at any byte address, bit k in byte k / 8" {
	steps
	step "$D" "$D_OUT"
	step "$ON" 'set_dirty_tracking: ok'
	step "poke,name=m,val=0x300"
	step "$TD,length=64K" 'test_dirty: ok out_nr_dirty=2'
	step "get_dirty_bitmap,hwpt_id=5,iova=0x1000000,length=64K,page_size=2048,data=@m+4097" \
		'get_dirty_bitmap: ok'
	step "bits,name=m,off=4097,n=32" 'bits: 8-9'
	step "bits,name=m,off=4096,n=8" 'bits: none'
	run_steps
}

@test "GET_DIRTY_BITMAP checks the range as upstream: EOVERFLOW, then EINVAL for misalignment and page_size 0" {
	steps
	step "$D" "$D_OUT"
	step "$GB,flags=2" 'get_dirty_bitmap: EOPNOTSUPP'
	step "$GB,__reserved=1" 'get_dirty_bitmap: EOPNOTSUPP'
	step "$GB,hwpt_id=1" 'get_dirty_bitmap: ENOENT'
	step "$GB,iova=0xfffffffffffff800,length=0x1000" 'get_dirty_bitmap: EOVERFLOW'
	step "$GB,length=0" 'get_dirty_bitmap: EOVERFLOW'
	# the IOAS alignment (2 KiB, the mock's IO page) of start and end
	step "$GB,iova=0x1000400" 'get_dirty_bitmap: EINVAL'
	step "$GB,length=0x1400" 'get_dirty_bitmap: EINVAL'
	step "$GB,page_size=0" 'get_dirty_bitmap: EINVAL'
	step "$GB,iova=0x1000800,length=0x1000,page_size=4096" 'get_dirty_bitmap: EINVAL'
	# without dirty tracking: EOPNOTSUPP, but only for a range that passes
	step "$GB,hwpt_id=4" 'get_dirty_bitmap: EOPNOTSUPP'
	step "$GB,hwpt_id=4,page_size=0" 'get_dirty_bitmap: EINVAL'
	# size 47 is short of data
	step "$GB,size=47" 'get_dirty_bitmap: EINVAL'
	step "$GB" 'get_dirty_bitmap: ok'
	run_steps
}

@test "GET_DIRTY_BITMAP stops at the first unmapped IOVA and still answers 0, as upstream" {
	steps
	step "$D" "$D_OUT"
	step "mem,name=c,len=64K"
	step "$MAPF,iova=0x1020000,user_va=@c,length=64K" 'ioas_map: ok iova=0x1020000'
	step "$ON" 'set_dirty_tracking: ok'
	# IO page 0 of each mapping: bits 0 and 64 of 96
	step "poke,name=m,val=1" && step "poke,name=m,off=8,val=1"
	step "$TD,length=192K" 'test_dirty: ok out_nr_dirty=2'
	step "get_dirty_bitmap,hwpt_id=5,iova=0x1000000,length=192K,page_size=2048,data=@m+4K" \
		'get_dirty_bitmap: ok'
	step "bits,name=m,off=4K,n=96" 'bits: 0'
	# starting in the hole reports nothing; the second mapping is still dirty
	step "$ZERO" && step "get_dirty_bitmap,hwpt_id=5,iova=0x1010000,length=128K,page_size=2048,data=@m+4K" \
		'get_dirty_bitmap: ok'
	step "bits,name=m,off=4K,n=64" 'bits: none'
	step "get_dirty_bitmap,hwpt_id=5,iova=0x1020000,length=64K,page_size=2048,data=@m+4K" \
		'get_dirty_bitmap: ok'
	step "$OUT" 'bits: 0'
	run_steps
}

@test "GET_DIRTY_BITMAP gives up quietly on a bitmap it cannot write (0, as upstream)" {
	steps
	step "$D" "$D_OUT"
	step "$ON" 'set_dirty_tracking: ok'
	step "poke,name=m,val=1"
	step "$TD,length=64K" 'test_dirty: ok out_nr_dirty=1'
	step "get_dirty_bitmap,hwpt_id=5,iova=0x1000000,length=64K,page_size=2048,data=8" \
		'get_dirty_bitmap: ok'
	# it stopped before the dirty state was read: the page is still dirty
	step "$GB" 'get_dirty_bitmap: ok'
	step "$OUT" 'bits: 0'
	run_steps
}

@test "SET_DIRTY_TRACKING on starts from a clean state; off keeps the bits and stops the device's writes" {
	steps
	step "$D" "$D_OUT"
	step "$ON" 'set_dirty_tracking: ok'
	step "poke,name=m,val=3"
	step "$TD,length=64K" 'test_dirty: ok out_nr_dirty=2'
	step "$ON" 'set_dirty_tracking: ok'
	step "$GB" 'get_dirty_bitmap: ok'
	step "$OUT" 'bits: none'
	step "$TD,length=64K" 'test_dirty: ok out_nr_dirty=2'
	step "set_dirty_tracking,hwpt_id=5" 'set_dirty_tracking: ok'
	step "$TD,length=64K" 'test_dirty: EINVAL'
	step "$GB" 'get_dirty_bitmap: ok'
	step "$OUT" 'bits: 0-1'
	run_steps
}

@test "unmapping forgets the dirty bits of the range: a new mapping there reads clean" {
	steps
	step "$D" "$D_OUT"
	step "$ON" 'set_dirty_tracking: ok'
	step "poke,name=m,val=0xffffffff"
	step "$TD,length=64K" 'test_dirty: ok out_nr_dirty=32'
	step "ioas_unmap,ioas_id=1,iova=0x1000000,length=64K" 'ioas_unmap: ok length=0x10000'
	step "$MAPF,iova=0x1000000,user_va=@b,length=64K" 'ioas_map: ok iova=0x1000000'
	step "$GB" 'get_dirty_bitmap: ok'
	step "$OUT" 'bits: none'
	run_steps
}

@test "each dirty-tracking HWPT of an IOAS has its own dirty bits" {
	steps
	step "$D" "$D_OUT"
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=dirty_tracking" 'hwpt_alloc: ok out_hwpt_id=6'
	step "$ON" 'set_dirty_tracking: ok'
	step "set_dirty_tracking,hwpt_id=6,flags=enable" 'set_dirty_tracking: ok'
	step "poke,name=m,val=4"
	step "$TD,length=64K" 'test_dirty: ok out_nr_dirty=1'
	step "$GB,hwpt_id=6" 'get_dirty_bitmap: ok'
	step "$OUT" 'bits: none'
	step "$GB" 'get_dirty_bitmap: ok'
	step "$OUT" 'bits: 2'
	run_steps
}

@test "GET_DIRTY_BITMAP over several windows of its buffer: a page on the boundary, byte-sized bits" {
	steps
	step "$D" "$D_OUT"
	step "$ON" 'set_dirty_tracking: ok'
	# IO pages 15 and 16: bytes [30K, 34K) of IOVA, across 32 KiB windows
	step "poke,name=m,val=0x18000"
	step "$TD,length=64K" 'test_dirty: ok out_nr_dirty=2'
	step "mem,name=big,len=8K"
	step "get_dirty_bitmap,hwpt_id=5,iova=0x1000000,length=64K,page_size=1,data=@big" \
		'get_dirty_bitmap: ok'
	step "bits,name=big,n=65536" 'bits: 30720-34815'
	run_steps
	expect_nothing_left
}

# MOCK_IOMMUPT_HUGE: 4 MiB of 2 MiB huge pages at 16 MiB in a table of
# PAGE_SIZE and 1 MiB leaves; stdev 2, idev 3, auto hwpt 4, HUGE HWPT 5
huge_fixture() {
	echo 8 >/proc/sys/vm/nr_hugepages
	H="ioas_alloc ${1:-} mem,name=h,len=4M,kind=huge $MAPF,iova=0x1000000,user_va=@h,length=4M test_mock_domain,id=1 hwpt_alloc,dev_id=3,pt_id=1,flags=dirty_tracking,data_type=selftest,data=0:1 mem,name=m,len=16K $ON"
	H_OUT=$(lines 'ioas_alloc: ok out_ioas_id=1' ${2:+"$2"} 'ioas_map: ok iova=0x1000000' \
		'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3' \
		'hwpt_alloc: ok out_hwpt_id=5 data=0x0:0x1' 'set_dirty_tracking: ok')
}

@test "MOCK_IOMMUPT_HUGE: a write anywhere in a 1 MiB leaf on huge pages reports the whole leaf" {
	huge_fixture
	steps
	step "$H" "$H_OUT"
	# 2 KiB pages 1 (leaf 0) and 1027 (leaf 2) of 2048
	step "poke,name=m,val=2" && step "poke,name=m,off=128,val=8"
	step "test_dirty,id=5,iova=0x1000000,length=4M,page_size=2048,uptr=@m" 'test_dirty: ok out_nr_dirty=2'
	step "get_dirty_bitmap,hwpt_id=5,iova=0x1000000,length=4M,page_size=2048,data=@m+4K,flags=no_clear" \
		'get_dirty_bitmap: ok'
	step "bits,name=m,off=4K,n=2048" 'bits: 0-511 1024-1535'
	# in 4 KiB bits, and a range that starts inside a leaf
	step "mem,name=q,len=4K"
	step "get_dirty_bitmap,hwpt_id=5,iova=0x1080000,length=3584K,page_size=4096,data=@q" \
		'get_dirty_bitmap: ok'
	step "bits,name=q,n=896" 'bits: 0-127 384-639'
	step "mem,name=r,len=4K"
	step "get_dirty_bitmap,hwpt_id=5,iova=0x1000000,length=4M,page_size=4096,data=@r" \
		'get_dirty_bitmap: ok'
	step "bits,name=r,n=1024" 'bits: none'
	run_steps
	expect_nothing_left
}

@test "MOCK_IOMMUPT_HUGE: a 1 MiB leaf spread over 32 windows is reported in all of them and cleared once" {
	huge_fixture
	steps
	step "$H" "$H_OUT"
	step "poke,name=m,val=1"
	step "test_dirty,id=5,iova=0x1000000,length=64K,page_size=2048,uptr=@m" 'test_dirty: ok out_nr_dirty=1'
	step "mem,name=big,len=128K" && step "mem,name=big2,len=128K"
	step "get_dirty_bitmap,hwpt_id=5,iova=0x1000000,length=1M,page_size=1,data=@big" \
		'get_dirty_bitmap: ok'
	step "bits,name=big,n=1048576" 'bits: 0-1048575'
	step "get_dirty_bitmap,hwpt_id=5,iova=0x1000000,length=1M,page_size=1,data=@big2" \
		'get_dirty_bitmap: ok'
	step "bits,name=big2,n=1048576" 'bits: none'
	run_steps
}

@test "MOCK_IOMMUPT_HUGE with IOMMU_OPTION_HUGE_PAGES off maps, and reports, page by page" {
	huge_fixture "option,option_id=1,op=0,object_id=1,val64=0" 'option: ok val64=0'
	steps
	step "$H" "$H_OUT"
	step "poke,name=m,val=2"
	step "test_dirty,id=5,iova=0x1000000,length=64K,page_size=2048,uptr=@m" 'test_dirty: ok out_nr_dirty=1'
	step "get_dirty_bitmap,hwpt_id=5,iova=0x1000000,length=1M,page_size=2048,data=@m+4K" \
		'get_dirty_bitmap: ok'
	step "bits,name=m,off=4K,n=512" 'bits: 0-1'
	run_steps
}

@test "HWPT_ALLOC of a mock paging HWPT takes iommu_hwpt_selftest: DEFAULT or HUGE, as upstream" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "test_mock_domain,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=5'
	# DEFAULT: the mock's aperture and 2 KiB IO pages, also in the 4-byte form
	step "hwpt_alloc,dev_id=3,pt_id=5,data_type=selftest,data=0:0" 'hwpt_alloc: ok out_hwpt_id=6 data=0x0:0x0'
	step "hwpt_alloc,dev_id=3,pt_id=5,data_type=selftest,data=0,data_len=4" 'hwpt_alloc: ok out_hwpt_id=7 data=0x0'
	step "ioas_iova_ranges,ioas_id=5,num_iovas=4" \
		'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x800 ranges=0x1000000-0x7fffffff'
	step "destroy,id=6" 'destroy: ok' && step "destroy,id=7" 'destroy: ok'
	# HUGE: 2^38 bytes from 0, PAGE_SIZE alignment
	step "hwpt_alloc,dev_id=3,pt_id=5,data_type=selftest,data=0:1" 'hwpt_alloc: ok out_hwpt_id=6 data=0x0:0x1'
	step "ioas_iova_ranges,ioas_id=5,num_iovas=4" \
		'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1000 ranges=0x0-0x3fffffffff'
	run_steps
}

@test "HWPT_ALLOC of a mock paging HWPT: another table or data type EOPNOTSUPP, a short or long struct EINVAL" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "test_mock_domain,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "hwpt_alloc,dev_id=3,pt_id=1,data_type=selftest,data=0:2" 'hwpt_alloc: EOPNOTSUPP'
	step "hwpt_alloc,dev_id=3,pt_id=1,data_type=arm_smmuv3,data=0:0" 'hwpt_alloc: EOPNOTSUPP'
	step "hwpt_alloc,dev_id=3,pt_id=1,data_type=selftest,data=0,data_len=3" 'hwpt_alloc: EINVAL'
	step "hwpt_alloc,dev_id=3,pt_id=1,data_type=selftest,data=0:0:0,data_len=12" 'hwpt_alloc: EINVAL'
	step "hwpt_alloc,dev_id=3,pt_id=1,data_type=selftest,data_len=8,data_uptr=8" 'hwpt_alloc: EFAULT'
	# the flag checks come first
	step "hwpt_alloc,dev_id=3,pt_id=1,flags=0x100,data_type=selftest,data=0:2" 'hwpt_alloc: EOPNOTSUPP'
	# none of these used up an id
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=5'
	run_steps
	expect_nothing_left
}

@test "a Tegra241 device: driver data for a paging HWPT is EOPNOTSUPP, and no HWPT of it has dirty tracking" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "sim_device_alloc,model=tegra241,stream_id=1" \
		'sim_device_alloc: ok out_stdev_id=2 out_hwpt_id=0 out_idev_id=3'
	step "hwpt_alloc,dev_id=3,pt_id=1,data_type=selftest,data=0:0" 'hwpt_alloc: EOPNOTSUPP'
	step "hwpt_alloc,dev_id=3,pt_id=1" 'hwpt_alloc: ok out_hwpt_id=4'
	step "set_dirty_tracking,hwpt_id=4,flags=enable" 'set_dirty_tracking: EOPNOTSUPP'
	step "mem,name=m,len=4K" && step "poke,name=m,val=1"
	step "test_dirty,id=4,iova=0,length=4K,page_size=4K,uptr=@m" 'test_dirty: EINVAL'
	run_steps
}
