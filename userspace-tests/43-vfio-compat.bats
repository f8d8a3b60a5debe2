#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# VFIO type1 compatibility on the iommufd fd (README.md, "Supported ioctls"):
# IOMMU_VFIO_IOAS (ops 0 GET, 1 SET, 2 CLEAR) and the VFIO container ioctls.
# VFIO numbers: TYPE1_IOMMU 1, TYPE1v2_IOMMU 3, DMA_CC_IOMMU 4, NESTING 6,
# NOIOMMU 8, UNMAP_ALL 9, UPDATE_VADDR 10; map flags READ 1, WRITE 2;
# unmap flag ALL 2.  The mock aperture is [0x1000000, 0x7fffffff].

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

# IOAS 1 with a mock domain (stdev 2, idev 3, hwpt 4), the compat IOAS
COMPAT="ioas_alloc test_mock_domain,id=1 vfio_ioas,op=1,ioas_id=1"
COMPAT_OUT=('ioas_alloc: ok out_ioas_id=1'
	'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	'vfio_ioas: ok ioas_id=1')

@test "vfio: API version 0; type1, type1v2 and UNMAP_ALL are the extensions" {
	steps
	step "vfio,cmd=api_version" 'vfio: ret=0'
	step "vfio,cmd=check_extension,arg=1" 'vfio: ret=1'
	step "vfio,cmd=check_extension,arg=3" 'vfio: ret=1'
	step "vfio,cmd=check_extension,arg=9" 'vfio: ret=1'
	step "vfio,cmd=check_extension,arg=6" 'vfio: ret=0'
	step "vfio,cmd=check_extension,arg=8" 'vfio: ret=0'
	step "vfio,cmd=check_extension,arg=10" 'vfio: ret=0'
	step "vfio,cmd=check_extension,arg=0" 'vfio: ret=0'
	run_steps
}

@test "vfio: DMA_CC_IOMMU is ENODEV without a compat IOAS, 1 with no domain, 0 with a mock one" {
	steps
	step "vfio,cmd=check_extension,arg=4" 'vfio: ENODEV'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "vfio_ioas,op=1,ioas_id=1" 'vfio_ioas: ok ioas_id=1'
	step "vfio,cmd=check_extension,arg=4" 'vfio: ret=1'
	step "test_mock_domain,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "vfio,cmd=check_extension,arg=4" 'vfio: ret=0'
	run_steps
}

@test "vfio: numbers outside iommufd's that VFIO's container lacks are ENOTTY" {
	steps
	# VFIO_IOMMU_DIRTY_PAGES, _IO(';', 0x7f), _IO('x', 100)
	step "raw,cmd=0x3b75" 'raw: ENOTTY'
	step "raw,cmd=0x3b7f" 'raw: ENOTTY'
	step "raw,cmd=0x7864" 'raw: ENOTTY'
	run_steps
}

@test "vfio_ioas: GET without one is ENODEV, SET of a missing id ENOENT; SET, GET, CLEAR" {
	steps
	step "vfio_ioas,op=0" 'vfio_ioas: ENODEV'
	step "vfio_ioas,op=1,ioas_id=1" 'vfio_ioas: ENOENT'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	step "vfio_ioas,op=1,ioas_id=2" 'vfio_ioas: ok ioas_id=2'
	step "vfio_ioas,op=0" 'vfio_ioas: ok ioas_id=2'
	step "vfio_ioas,op=2" 'vfio_ioas: ok ioas_id=0'
	step "vfio_ioas,op=0" 'vfio_ioas: ENODEV'
	run_steps
}

@test "vfio_ioas: __reserved and unknown ops are EOPNOTSUPP; a short size EINVAL" {
	steps
	step "vfio_ioas,op=0,__reserved=1" 'vfio_ioas: EOPNOTSUPP'
	step "vfio_ioas,op=3" 'vfio_ioas: EOPNOTSUPP'
	step "vfio_ioas,op=0,size=11" 'vfio_ioas: EINVAL'
	run_steps
}

@test "vfio_ioas: the compat IOAS is not held; destroying it ends compatibility" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "vfio_ioas,op=1,ioas_id=1" 'vfio_ioas: ok ioas_id=1'
	step "destroy,id=1" 'destroy: ok'
	step "vfio_ioas,op=0" 'vfio_ioas: ENODEV'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "vfio_ioas,op=0" 'vfio_ioas: ENODEV'
	run_steps
}

@test "vfio: without a compat IOAS the calls are ENODEV, after their argument checks" {
	steps
	step "mem,name=a,len=4K"
	step "vfio,cmd=set_iommu,arg=2" 'vfio: EINVAL'
	step "vfio,cmd=set_iommu,arg=3" 'vfio: ENODEV'
	step "vfio,cmd=set_iommu,arg=1" 'vfio: ENODEV'
	step "vfio_map_dma,argsz=31,flags=3,vaddr=@a,iova=0x1000000,size=4K" 'vfio_map_dma: EINVAL'
	step "vfio_map_dma,flags=4,vaddr=@a,iova=0x1000000,size=4K" 'vfio_map_dma: EINVAL'
	step "vfio_map_dma,flags=3,vaddr=@a,iova=0x1000000,size=4K" 'vfio_map_dma: ENODEV'
	step "vfio_unmap_dma,argsz=23,iova=0x1000000,size=4K" 'vfio_unmap_dma: EINVAL size=0x1000'
	step "vfio_unmap_dma,flags=0x80000000,iova=0x1000000,size=4K" 'vfio_unmap_dma: EINVAL size=0x1000'
	step "vfio_unmap_dma,iova=0x1000000,size=4K" 'vfio_unmap_dma: ENODEV size=0x1000'
	step "vfio_info,argsz=15" 'vfio_info: EINVAL'
	step "vfio_info" 'vfio_info: ENODEV'
	run_steps
}

@test "vfio SET_IOMMU: type1v2 keeps large pages, type1 turns them off; NOIOMMU is EINVAL" {
	steps
	step "$COMPAT" "${COMPAT_OUT[@]}"
	step "vfio,cmd=set_iommu,arg=8" 'vfio: EINVAL'
	step "vfio,cmd=set_iommu,arg=3" 'vfio: ret=0'
	step "option,option_id=1,op=1,object_id=1" 'option: ok val64=1'
	step "vfio,cmd=set_iommu,arg=1" 'vfio: ret=0'
	step "option,option_id=1,op=1,object_id=1" 'option: ok val64=0'
	run_steps
}

@test "vfio SET_IOMMU: type1 on an IOAS with a domain and mappings is EINVAL" {
	steps
	step "mem,name=a,len=8K"
	step "$COMPAT" "${COMPAT_OUT[@]}"
	step "vfio_map_dma,flags=3,vaddr=@a,iova=0x1000000,size=8K" 'vfio_map_dma: ok'
	step "vfio,cmd=set_iommu,arg=1" 'vfio: EINVAL'
	step "option,option_id=1,op=1,object_id=1" 'option: ok val64=1'
	run_steps
}

@test "vfio MAP_DMA: a fixed IOVA, pinned at once with a domain; overlaps EEXIST, outside the aperture EINVAL" {
	start_holder mem,name=a,len=16K $COMPAT \
		vfio_map_dma,flags=3,vaddr=@a,iova=0x1000000,size=16K
	run pinned
	expect_output "4"
	kill_holders
	steps
	step "mem,name=a,len=16K"
	step "$COMPAT" "${COMPAT_OUT[@]}"
	step "vfio_map_dma,flags=3,vaddr=@a,iova=0x1000000,size=16K" 'vfio_map_dma: ok'
	step "vfio_map_dma,flags=1,vaddr=@a,iova=0x1002000,size=4K" 'vfio_map_dma: EEXIST'
	step "vfio_map_dma,flags=1,vaddr=@a,iova=0x800000,size=4K" 'vfio_map_dma: EINVAL'
	step "vfio_map_dma,flags=1,vaddr=@a,iova=0x1010000,size=0" 'vfio_map_dma: EINVAL'
	step "ioas_iova_ranges,ioas_id=1,num_iovas=4" \
		'ioas_iova_ranges: ok num_iovas=1 out_iova_alignment=0x800 ranges=0x1000000-0x7fffffff'
	step "ioas_unmap,ioas_id=1,iova=0x1000000,length=16K" 'ioas_unmap: ok length=0x4000'
	run_steps
	run pinned
	expect_output "0"
}

@test "vfio UNMAP_DMA: whole mappings, nothing there is success with size 0; UNMAP_ALL needs iova and size 0" {
	steps
	step "mem,name=a,len=16K"
	step "$COMPAT" "${COMPAT_OUT[@]}"
	step "vfio_map_dma,flags=3,vaddr=@a,iova=0x1000000,size=8K" 'vfio_map_dma: ok'
	step "vfio_map_dma,flags=3,vaddr=@a+8K,iova=0x1002000,size=8K" 'vfio_map_dma: ok'
	step "vfio_unmap_dma,iova=0x1000000,size=8K" 'vfio_unmap_dma: ok size=0x2000'
	step "vfio_unmap_dma,iova=0x1000000,size=8K" 'vfio_unmap_dma: ok size=0x0'
	step "vfio_unmap_dma,iova=0x1000000,size=0" 'vfio_unmap_dma: EINVAL size=0x0'
	step "vfio_map_dma,flags=3,vaddr=@a,iova=0x1000000,size=8K" 'vfio_map_dma: ok'
	step "vfio_unmap_dma,flags=2,iova=0x1000000" 'vfio_unmap_dma: EINVAL size=0x0'
	step "vfio_unmap_dma,flags=2,size=4K" 'vfio_unmap_dma: EINVAL size=0x1000'
	step "vfio_unmap_dma,flags=2" 'vfio_unmap_dma: ok size=0x4000'
	step "vfio_unmap_dma,flags=2" 'vfio_unmap_dma: ok size=0x0'
	run_steps
	run pinned
	expect_output "0"
}

@test "vfio UNMAP_DMA type1v2: part of a mapping is ENOENT, nothing unmapped" {
	steps
	step "mem,name=a,len=16K"
	step "$COMPAT" "${COMPAT_OUT[@]}"
	step "vfio,cmd=set_iommu,arg=3" 'vfio: ret=0'
	step "vfio_map_dma,flags=3,vaddr=@a,iova=0x1000000,size=16K" 'vfio_map_dma: ok'
	step "vfio_unmap_dma,iova=0x1001000,size=4K" 'vfio_unmap_dma: ENOENT size=0x0'
	step "vfio_unmap_dma,iova=0x1000000,size=4K" 'vfio_unmap_dma: ENOENT size=0x0'
	step "vfio_unmap_dma,iova=0x1000000,size=16K" 'vfio_unmap_dma: ok size=0x4000'
	run_steps
}

@test "vfio UNMAP_DMA type1: any page-aligned part of a mapping; the rest stays mapped and pinned" {
	start_holder mem,name=a,len=16K $COMPAT vfio,cmd=set_iommu,arg=1 \
		vfio_map_dma,flags=3,vaddr=@a,iova=0x1000000,size=16K \
		vfio_unmap_dma,iova=0x1001000,size=4K
	# the mapping's pages are pinned as a whole until its last part goes
	run pinned
	expect_output "4"
	kill_holders
	steps
	step "mem,name=a,len=16K"
	step "$COMPAT" "${COMPAT_OUT[@]}"
	step "vfio,cmd=set_iommu,arg=1" 'vfio: ret=0'
	step "vfio_map_dma,flags=3,vaddr=@a,iova=0x1000000,size=16K" 'vfio_map_dma: ok'
	step "vfio_unmap_dma,iova=0x1001000,size=4K" 'vfio_unmap_dma: ok size=0x1000'
	step "vfio_unmap_dma,iova=0x1001000,size=4K" 'vfio_unmap_dma: ok size=0x0'
	step "vfio_unmap_dma,iova=0x1001800,size=2K" 'vfio_unmap_dma: ok size=0x0'
	step "vfio_unmap_dma,iova=0x1002800,size=2K" 'vfio_unmap_dma: EINVAL size=0x800'
	step "vfio_unmap_dma,iova=0x1000000,size=16K" 'vfio_unmap_dma: ok size=0x3000'
	run_steps
	run pinned
	expect_output "0"
}

@test "vfio GET_INFO: page sizes, then the DMA_AVAIL and IOVA_RANGE capabilities" {
	steps
	step "$COMPAT" "${COMPAT_OUT[@]}"
	step "vfio_info,argsz=72" \
		'vfio_info: ok argsz=72 flags=0x3 pgsizes=0xfffffffffffff000 cap_offset=24 cap@24:id=3,ver=1,next=40,avail=4294967295 cap@40:id=1,ver=1,next=0,ranges=0x1000000-0x7fffffff'
	run_steps
}

@test "vfio GET_INFO: too small an argsz gets the size needed and cap_offset 0, nothing written past argsz" {
	steps
	step "$COMPAT" "${COMPAT_OUT[@]}"
	step "vfio_info,argsz=16" 'vfio_info: ok argsz=72 flags=0x3 pgsizes=0xfffffffffffff000'
	step "vfio_info,argsz=24" 'vfio_info: ok argsz=72 flags=0x3 pgsizes=0xfffffffffffff000 cap_offset=0'
	step "vfio_info,argsz=40" 'vfio_info: ok argsz=72 flags=0x3 pgsizes=0xfffffffffffff000 cap_offset=0'
	step "vfio_info,argsz=71" 'vfio_info: ok argsz=72 flags=0x3 pgsizes=0xfffffffffffff000 cap_offset=0'
	run_steps
}
