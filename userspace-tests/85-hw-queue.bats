#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# IOMMU_HW_QUEUE_ALLOC (README.md, "Supported ioctls"; the
# mock's rules and upstream's hw_queue selftest): checks in order, pinning and locking in the
# nesting parent's IOAS, physical contiguity, queue order, teardown.
#
# Every test starts like upstream's fixture: IOAS 1, a mock device on it
# (stdev 2, idev 3, auto hwpt 4), a NEST_PARENT HWPT 5 and a selftest
# vIOMMU 6 (VIOMMU_ALLOC as a raw ioctl: only its id matters here), plus
# 16 KiB of anonymous memory "a".  The first queue gets id 7.

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

MAX=0xffffffffffffffff
VIOMMU_ALLOC="raw,cmd=0x3b90,size=40,u32@8=0xdeadbeef,u32@12=3,u32@16=5"
PRE="mem,name=a,len=16K ioas_alloc test_mock_domain,id=1 hwpt_alloc,dev_id=3,pt_id=1,flags=nest_parent $VIOMMU_ALLOC"
PRE_OUT=$'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nhwpt_alloc: ok out_hwpt_id=5\nraw: ok'
# upstream's two single pages, mapped separately at consecutive IOVAs
MAP_FIXED=ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable
MAP2="$MAP_FIXED,iova=0x1000000,user_va=@a,length=4K $MAP_FIXED,iova=0x1001000,user_va=@a+4K,length=4K"
MAP2_OUT=$'\nioas_map: ok iova=0x1000000\nioas_map: ok iova=0x1001000'
HWQ="hw_queue_alloc,viommu_id=6,type=selftest"
Q0="$HWQ,index=0,nesting_parent_iova=0x1000000,length=4096"

@test "HW_QUEUE_ALLOC: a selftest queue on mapped memory; out_hw_queue_id is written back" {
	steps
	step "$PRE" "$PRE_OUT"
	step "$MAP2" 'ioas_map: ok iova=0x1000000' 'ioas_map: ok iova=0x1001000'
	step "$Q0" 'hw_queue_alloc: ok out_hw_queue_id=7'
	step "$HWQ,index=1,nesting_parent_iova=0x1001000,length=4096" \
		'hw_queue_alloc: ok out_hw_queue_id=8'
	run_steps
}

@test "HW_QUEUE_ALLOC: flags or type DEFAULT is EOPNOTSUPP, before every other check" {
	steps
	step "$PRE" "$PRE_OUT"
	step "$MAP2" 'ioas_map: ok iova=0x1000000' 'ioas_map: ok iova=0x1001000'
	step "hw_queue_alloc,viommu_id=99,flags=1" 'hw_queue_alloc: EOPNOTSUPP'
	step "hw_queue_alloc,viommu_id=99,nesting_parent_iova=$MAX,length=4096" \
		'hw_queue_alloc: EOPNOTSUPP'
	step "$Q0,flags=0x80000000" 'hw_queue_alloc: EOPNOTSUPP'
	step "$Q0,type=0" 'hw_queue_alloc: EOPNOTSUPP'
	run_steps
}

@test "HW_QUEUE_ALLOC: length 0 is EINVAL, before the overflow check and the vIOMMU lookup" {
	steps
	step "$PRE" "$PRE_OUT"
	step "$MAP2" 'ioas_map: ok iova=0x1000000' 'ioas_map: ok iova=0x1001000'
	step "hw_queue_alloc,viommu_id=99,type=selftest,nesting_parent_iova=$MAX,length=0" \
		'hw_queue_alloc: EINVAL'
	step "$HWQ,nesting_parent_iova=0x1000000,length=0" 'hw_queue_alloc: EINVAL'
	run_steps
}

@test "HW_QUEUE_ALLOC: a last byte past 2^64 is EOVERFLOW, before the vIOMMU lookup" {
	steps
	step "$PRE" "$PRE_OUT"
	step "hw_queue_alloc,viommu_id=99,type=selftest,nesting_parent_iova=$MAX,length=4096" \
		'hw_queue_alloc: EOVERFLOW'
	step "$HWQ,nesting_parent_iova=0xfffffffffffff001,length=0x1000" 'hw_queue_alloc: EOVERFLOW'
	step "$HWQ,nesting_parent_iova=0xfffffffffffff000,length=0x1000" 'hw_queue_alloc: ENOENT'
	run_steps
}

@test "HW_QUEUE_ALLOC: a viommu_id that is not a vIOMMU is ENOENT" {
	steps
	step "$PRE" "$PRE_OUT"
	step "$MAP2" 'ioas_map: ok iova=0x1000000' 'ioas_map: ok iova=0x1001000'
	step "$Q0,viommu_id=99" 'hw_queue_alloc: ENOENT'
	step "$Q0,viommu_id=0" 'hw_queue_alloc: ENOENT'
	step "$Q0,viommu_id=1" 'hw_queue_alloc: ENOENT'
	step "$Q0,viommu_id=3" 'hw_queue_alloc: ENOENT'
	step "$Q0,viommu_id=5" 'hw_queue_alloc: ENOENT'
	run_steps
}

@test "HW_QUEUE_ALLOC: a queue type the vIOMMU does not have is EOPNOTSUPP" {
	steps
	step "$PRE" "$PRE_OUT"
	step "$MAP2" 'ioas_map: ok iova=0x1000000' 'ioas_map: ok iova=0x1001000'
	step "$Q0,type=0xdead" 'hw_queue_alloc: EOPNOTSUPP'
	step "$Q0,type=1" 'hw_queue_alloc: EOPNOTSUPP'
	step "$Q0,type=0xdeadbeef" 'hw_queue_alloc: ok out_hw_queue_id=7'
	run_steps
}

@test "HW_QUEUE_ALLOC: page offset plus length past 2^64 is ERANGE and uses up no id" {
	steps
	step "$PRE" "$PRE_OUT"
	step "$HWQ,nesting_parent_iova=0x10,length=0xfffffffffffffff0" 'hw_queue_alloc: ERANGE'
	step "$HWQ,nesting_parent_iova=0,length=0xfffffffffffff001" 'hw_queue_alloc: ERANGE'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=7'
	run_steps
}

@test "HW_QUEUE_ALLOC: memory not or partly mapped in the parent's IOAS is ENOENT, nothing stays locked" {
	steps
	step "$PRE" "$PRE_OUT"
	step "$Q0" 'hw_queue_alloc: ENOENT'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@a,length=4K" \
		'ioas_map: ok iova=0x1000000'
	step "$HWQ,nesting_parent_iova=0x1000000,length=8192" 'hw_queue_alloc: ENOENT'
	step "$HWQ,nesting_parent_iova=0xfff000,length=8192" 'hw_queue_alloc: ENOENT'
	step "$HWQ,nesting_parent_iova=0x1000ff0,length=0x20" 'hw_queue_alloc: ENOENT'
	step "ioas_unmap,ioas_id=1,iova=0x1000000,length=4096" 'ioas_unmap: ok length=0x1000'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=7'
	run_steps
}

@test "HW_QUEUE_ALLOC: a queue may span areas mapped back to back; it locks each of them" {
	# two 4 KiB pieces of one huge page: physically consecutive
	echo 4 >/proc/sys/vm/nr_hugepages
	run iofd $PRE mem,name=h,len=2M,kind=huge \
		ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@h,length=4K \
		ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1001000,user_va=@h+4K,length=4K \
		$HWQ,index=0,nesting_parent_iova=0x1000800,length=0x1000 \
		ioas_unmap,ioas_id=1,iova=0x1000000,length=4096 ioas_unmap,ioas_id=1,iova=0x1001000,length=4096 \
		destroy,id=7 ioas_unmap,ioas_id=1,iova=0x1000000,length=4096 ioas_unmap,ioas_id=1,iova=0x1001000,length=4096
	expect_output "$(lines "$PRE_OUT" \
		'ioas_map: ok iova=0x1000000' \
		'ioas_map: ok iova=0x1001000' \
		'hw_queue_alloc: ok out_hw_queue_id=7' \
		'ioas_unmap: EBUSY' \
		'ioas_unmap: EBUSY' \
		'destroy: ok' \
		'ioas_unmap: ok length=0x1000' \
		'ioas_unmap: ok length=0x1000')"
}

@test "HW_QUEUE_ALLOC: memory mapped without READ is EPERM" {
	steps
	step "$PRE" "$PRE_OUT"
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable,iova=0x1000000,user_va=@a,length=4K" \
		'ioas_map: ok iova=0x1000000'
	step "$Q0" 'hw_queue_alloc: EPERM'
	step "ioas_unmap,ioas_id=1,iova=0x1000000,length=4096" 'ioas_unmap: ok length=0x1000'
	run_steps
}

@test "HW_QUEUE_ALLOC: a mapping not aligned to PAGE_SIZE anywhere in the IOAS is EADDRINUSE, before the lookup of the range" {
	steps
	step "$PRE" "$PRE_OUT"
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1100000,user_va=@a+0x800,length=0x800" \
		'ioas_map: ok iova=0x1100000'
	step "$Q0" 'hw_queue_alloc: EADDRINUSE'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@a,length=4K" \
		'ioas_map: ok iova=0x1000000'
	step "$Q0" 'hw_queue_alloc: EADDRINUSE'
	step "ioas_unmap,ioas_id=1,iova=0x1100000,length=0x800" 'ioas_unmap: ok length=0x800'
	step "$Q0" 'hw_queue_alloc: ok out_hw_queue_id=7'
	run_steps
}

@test "HW_QUEUE_ALLOC: while a queue exists the IOAS's IOVA alignment is PAGE_SIZE" {
	steps
	step "$PRE" "$PRE_OUT"
	step "$MAP2" 'ioas_map: ok iova=0x1000000' 'ioas_map: ok iova=0x1001000'
	step "ioas_iova_ranges,ioas_id=1,num_iovas=1" \
		'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x800 ranges=0x1000000-0x7fffffff'
	step "$Q0" 'hw_queue_alloc: ok out_hw_queue_id=7'
	step "ioas_iova_ranges,ioas_id=1,num_iovas=1" \
		'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x1000 ranges=0x1000000-0x7fffffff'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1100000,user_va=@a,length=0x800" \
		'ioas_map: EINVAL'
	step "destroy,id=7" 'destroy: ok'
	step "ioas_iova_ranges,ioas_id=1,num_iovas=1" \
		'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x800 ranges=0x1000000-0x7fffffff'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1100000,user_va=@a,length=0x800" \
		'ioas_map: ok iova=0x1100000'
	run_steps
}

@test "selftest queues: index 1 before index 0 is EIO" {
	steps
	step "$PRE" "$PRE_OUT"
	step "$MAP2" 'ioas_map: ok iova=0x1000000' 'ioas_map: ok iova=0x1001000'
	step "$HWQ,index=1,nesting_parent_iova=0x1000000,length=4096" 'hw_queue_alloc: EIO'
	run_steps
}

@test "selftest queues: an index at or past IOMMU_TEST_HW_QUEUE_MAX (2) is EINVAL" {
	steps
	step "$PRE" "$PRE_OUT"
	step "$MAP2" 'ioas_map: ok iova=0x1000000' 'ioas_map: ok iova=0x1001000'
	step "$HWQ,index=2,nesting_parent_iova=0x1000000,length=4096" 'hw_queue_alloc: EINVAL'
	step "$HWQ,index=0xffffffff,nesting_parent_iova=0x1000000,length=4096" \
		'hw_queue_alloc: EINVAL'
	step "$Q0" 'hw_queue_alloc: ok out_hw_queue_id=7'
	step "$HWQ,index=2,nesting_parent_iova=0x1001000,length=4096" 'hw_queue_alloc: EINVAL'
	run_steps
}

@test "selftest queues: a taken index is EEXIST, and the failed queue uses up no id" {
	steps
	step "$PRE" "$PRE_OUT"
	step "$MAP2" 'ioas_map: ok iova=0x1000000' 'ioas_map: ok iova=0x1001000'
	step "$Q0" 'hw_queue_alloc: ok out_hw_queue_id=7'
	step "$HWQ,index=0,nesting_parent_iova=0x1001000,length=4096" 'hw_queue_alloc: EEXIST'
	step "$HWQ,index=1,nesting_parent_iova=0x1001000,length=4096" \
		'hw_queue_alloc: ok out_hw_queue_id=8'
	step "$HWQ,index=1,nesting_parent_iova=0x1001000,length=4096" 'hw_queue_alloc: EEXIST'
	run_steps
}

@test "IOAS_UNMAP of a queue's page is EBUSY; the page next to it unmaps" {
	steps
	step "$PRE" "$PRE_OUT"
	step "$MAP2" 'ioas_map: ok iova=0x1000000' 'ioas_map: ok iova=0x1001000'
	step "$Q0" 'hw_queue_alloc: ok out_hw_queue_id=7'
	step "ioas_unmap,ioas_id=1,iova=0x1000000,length=4096" 'ioas_unmap: EBUSY'
	step "ioas_unmap,ioas_id=1,iova=0x1001000,length=4096" 'ioas_unmap: ok length=0x1000'
	step "ioas_unmap,ioas_id=1,iova=0x1000000,length=4096" 'ioas_unmap: EBUSY'
	step "destroy,id=7" 'destroy: ok'
	step "ioas_unmap,ioas_id=1,iova=0x1000000,length=4096" 'ioas_unmap: ok length=0x1000'
	run_steps
}

@test "IOAS_UNMAP of everything stops with EBUSY at the queue's area, after the areas below it" {
	steps
	step "$PRE" "$PRE_OUT"
	step "$MAP2" 'ioas_map: ok iova=0x1000000' 'ioas_map: ok iova=0x1001000'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1002000,user_va=@a+8K,length=4K" \
		'ioas_map: ok iova=0x1002000'
	step "$HWQ,index=0,nesting_parent_iova=0x1001000,length=4096" \
		'hw_queue_alloc: ok out_hw_queue_id=7'
	step "ioas_unmap,ioas_id=1,iova=0,length=$MAX" 'ioas_unmap: EBUSY'
	step "ioas_unmap,ioas_id=1,iova=0x1000000,length=4096" 'ioas_unmap: ENOENT'
	step "ioas_unmap,ioas_id=1,iova=0x1002000,length=4096" 'ioas_unmap: ok length=0x1000'
	step "ioas_unmap,ioas_id=1,iova=0x1000000,length=0x3000" 'ioas_unmap: EBUSY'
	run_steps
}

@test "IOAS_UNMAP: a locked area answers EBUSY before a partial cover answers ENOENT" {
	steps
	step "$PRE" "$PRE_OUT"
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@a,length=8K" \
		'ioas_map: ok iova=0x1000000'
	step "$Q0" 'hw_queue_alloc: ok out_hw_queue_id=7'
	step "ioas_unmap,ioas_id=1,iova=0x1000000,length=4096" 'ioas_unmap: EBUSY'
	step "ioas_unmap,ioas_id=1,iova=0x1001000,length=4096" 'ioas_unmap: EBUSY'
	step "destroy,id=7" 'destroy: ok'
	step "ioas_unmap,ioas_id=1,iova=0x1001000,length=4096" 'ioas_unmap: ENOENT'
	step "ioas_unmap,ioas_id=1,iova=0x1000000,length=8192" 'ioas_unmap: ok length=0x2000'
	run_steps
}

@test "selftest queues: a queue within one page need not be page aligned" {
	steps
	step "$PRE" "$PRE_OUT"
	step "$MAP2" 'ioas_map: ok iova=0x1000000' 'ioas_map: ok iova=0x1001000'
	step "$Q0" 'hw_queue_alloc: ok out_hw_queue_id=7'
	step "$HWQ,index=1,nesting_parent_iova=0x1000800,length=0x800" \
		'hw_queue_alloc: ok out_hw_queue_id=8'
	run_steps
}

@test "selftest queues: DESTROY of a lower index while a higher one exists is EBUSY" {
	steps
	step "$PRE" "$PRE_OUT"
	step "$MAP2" 'ioas_map: ok iova=0x1000000' 'ioas_map: ok iova=0x1001000'
	step "$Q0" 'hw_queue_alloc: ok out_hw_queue_id=7'
	step "$HWQ,index=1,nesting_parent_iova=0x1000800,length=0x800" \
		'hw_queue_alloc: ok out_hw_queue_id=8'
	step "destroy,id=7" 'destroy: EBUSY'
	step "destroy,id=8" 'destroy: ok'
	step "destroy,id=7" 'destroy: ok'
	step "ioas_unmap,ioas_id=1,iova=0x1000000,length=4096" 'ioas_unmap: ok length=0x1000'
	run_steps
}

@test "selftest queues: a destroyed slot can be taken again" {
	steps
	step "$PRE" "$PRE_OUT"
	step "$MAP2" 'ioas_map: ok iova=0x1000000' 'ioas_map: ok iova=0x1001000'
	step "$Q0" 'hw_queue_alloc: ok out_hw_queue_id=7'
	step "destroy,id=7" 'destroy: ok'
	step "$HWQ,index=1,nesting_parent_iova=0x1001000,length=4096" 'hw_queue_alloc: EIO'
	step "$HWQ,index=0,nesting_parent_iova=0x1001000,length=4096" \
		'hw_queue_alloc: ok out_hw_queue_id=7'
	step "$HWQ,index=1,nesting_parent_iova=0x1000000,length=4096" \
		'hw_queue_alloc: ok out_hw_queue_id=8'
	run_steps
}

@test "a queue holds its vIOMMU: DESTROY of the vIOMMU is EBUSY until the queue is gone" {
	steps
	step "$PRE" "$PRE_OUT"
	step "$MAP2" 'ioas_map: ok iova=0x1000000' 'ioas_map: ok iova=0x1001000'
	step "$Q0" 'hw_queue_alloc: ok out_hw_queue_id=7'
	step "destroy,id=6" 'destroy: EBUSY'
	step "destroy,id=5" 'destroy: EBUSY'
	step "destroy,id=7" 'destroy: ok'
	step "destroy,id=6" 'destroy: ok'
	step "destroy,id=5" 'destroy: ok'
	run_steps
}

@test "memory that is not physically contiguous is EFAULT, with nothing left pinned or locked" {
	# the same page at two consecutive IOVAs: never physically consecutive
	steps
	step "$PRE" "$PRE_OUT"
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@a,length=4K" \
		'ioas_map: ok iova=0x1000000'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1001000,user_va=@a,length=4K" \
		'ioas_map: ok iova=0x1001000'
	step "$HWQ,index=0,nesting_parent_iova=0x1000000,length=8192" 'hw_queue_alloc: EFAULT'
	step "$HWQ,index=0,nesting_parent_iova=0x1000ff0,length=0x20" 'hw_queue_alloc: EFAULT'
	step "test_md_check_refs,length=4096,uptr=@a,refs=2" 'test_md_check_refs: ok'
	step "ioas_unmap,ioas_id=1,iova=0x1000000,length=8192" 'ioas_unmap: ok length=0x2000'
	step "test_md_check_refs,length=4096,uptr=@a,refs=0" 'test_md_check_refs: ok'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=7'
	run_steps
}

@test "two pages of a huge page mapped in reverse order are EFAULT; in order they work" {
	echo 4 >/proc/sys/vm/nr_hugepages
	run iofd $PRE mem,name=h,len=2M,kind=huge \
		ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@h+4K,length=4K \
		ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1001000,user_va=@h,length=4K \
		ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1002000,user_va=@h+4K,length=4K \
		$HWQ,index=0,nesting_parent_iova=0x1000000,length=8192 \
		ioas_unmap,ioas_id=1,iova=0x1000000,length=4096 \
		$HWQ,index=0,nesting_parent_iova=0x1001000,length=8192
	expect_output "$(lines "$PRE_OUT" \
		'ioas_map: ok iova=0x1000000' \
		'ioas_map: ok iova=0x1001000' \
		'ioas_map: ok iova=0x1002000' \
		'hw_queue_alloc: EFAULT' \
		'ioas_unmap: ok length=0x1000' \
		'hw_queue_alloc: ok out_hw_queue_id=7')"
}

@test "a queue on a 2 MiB huge page is physically contiguous across 4 KiB pages" {
	echo 4 >/proc/sys/vm/nr_hugepages
	run iofd $PRE mem,name=h,len=2M,kind=huge \
		ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1200000,user_va=@h,length=2M \
		$HWQ,index=0,nesting_parent_iova=0x1200000,length=2M \
		$HWQ,index=1,nesting_parent_iova=0x1201800,length=0x2000 \
		ioas_unmap,ioas_id=1,iova=0x1200000,length=2M destroy,id=8 destroy,id=7 \
		ioas_unmap,ioas_id=1,iova=0x1200000,length=2M
	expect_output "$(lines "$PRE_OUT" \
		'ioas_map: ok iova=0x1200000' \
		'hw_queue_alloc: ok out_hw_queue_id=7' \
		'hw_queue_alloc: ok out_hw_queue_id=8' \
		'ioas_unmap: EBUSY' \
		'destroy: ok' \
		'destroy: ok' \
		'ioas_unmap: ok length=0x200000')"
}

@test "a queue shares the pin of the parent's domain: one pin per page, pinned_pages unchanged" {
	run iofd $PRE $MAP2 test_md_check_refs,length=4096,uptr=@a,refs=1 $Q0 \
		test_md_check_refs,length=4096,uptr=@a,refs=1 destroy,id=7 \
		test_md_check_refs,length=4096,uptr=@a,refs=1
	expect_output "$PRE_OUT$MAP2_OUT"$'\ntest_md_check_refs: ok\nhw_queue_alloc: ok out_hw_queue_id=7\ntest_md_check_refs: ok\ndestroy: ok\ntest_md_check_refs: ok'
	start_holder $PRE $MAP2 $Q0 $HWQ,index=1,nesting_parent_iova=0x1001000,length=4096
	run pinned
	expect_output "2"
	run live_objects
	expect_output "8"
	stop_holder
	run pinned
	expect_output "0"
}

@test "destroying the queues, then closing, returns pinned_pages and live_objects to 0" {
	start_holder $PRE $MAP2 $Q0 $HWQ,index=1,nesting_parent_iova=0x1001000,length=4096 \
		destroy,id=8 destroy,id=7
	run live_objects
	expect_output "6"
	run pinned
	expect_output "2"
	stop_holder
	expect_nothing_left
}

@test "closing the fd with queues alive tears everything down" {
	steps
	step "$PRE" "$PRE_OUT"
	step "$MAP2" 'ioas_map: ok iova=0x1000000' 'ioas_map: ok iova=0x1001000'
	step "$Q0" 'hw_queue_alloc: ok out_hw_queue_id=7'
	step "$HWQ,index=1,nesting_parent_iova=0x1001000,length=4096" \
		'hw_queue_alloc: ok out_hw_queue_id=8'
	step "close"
	run_steps
	expect_nothing_left
}

@test "a process killed with queues alive leaks nothing" {
	start_holder $PRE $MAP2 $Q0 $HWQ,index=1,nesting_parent_iova=0x1000800,length=0x800
	run live_objects
	expect_output "8"
	stop_holder KILL
	expect_nothing_left
}

@test "HW_QUEUE_ALLOC: size 39 is EINVAL, 40 works; bytes past the struct must be zero (E2BIG)" {
	steps
	step "$PRE" "$PRE_OUT"
	step "$MAP2" 'ioas_map: ok iova=0x1000000' 'ioas_map: ok iova=0x1001000'
	step "$Q0,size=39" 'hw_queue_alloc: EINVAL'
	step "raw,cmd=0x3b94,size=48,u32@8=6,u32@12=0xdeadbeef,u64@24=0x1000000,u64@32=4096,u32@44=1" \
		'raw: E2BIG'
	step "raw,cmd=0x3b94,size=48,u32@8=6,u32@12=0xdeadbeef,u64@24=0x1000000,u64@32=4096,dump" \
		'raw: ok out=300000000000000006000000efbeadde0000000007000000000000010000000000100000000000000000000000000000'
	step "$Q0" 'hw_queue_alloc: EEXIST'
	run_steps
}

@test "HW_QUEUE_ALLOC: a reply that cannot be written back (EFAULT) leaves no queue, slot or lock behind" {
	steps
	step "$PRE" "$PRE_OUT"
	step "$MAP2" 'ioas_map: ok iova=0x1000000' 'ioas_map: ok iova=0x1001000'
	step "raw,cmd=0x3b94,size=40,u32@8=6,u32@12=0xdeadbeef,u64@24=0x1000000,u64@32=4096,ptr=ro" \
		'raw: EFAULT'
	step "ioas_unmap,ioas_id=1,iova=0x1000000,length=4096" 'ioas_unmap: ok length=0x1000'
	step "$HWQ,index=1,nesting_parent_iova=0x1001000,length=4096" 'hw_queue_alloc: EIO'
	step "$HWQ,index=0,nesting_parent_iova=0x1001000,length=4096" \
		'hw_queue_alloc: ok out_hw_queue_id=7'
	run_steps
}
