#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# dma-bufs: the selftest exporter (IOMMU_TEST_OP_DMABUF_GET, DMABUF_REVOKE)
# and IOMMU_IOAS_MAP_FILE of a dma-buf fd, as Linux 7.2 (README.md,
# "dma-bufs"; module/dmabuf.c).  dbN is the N-th dma-buf fd; a dmabuf step
# with name=N also mmaps it, so MD_CHECK_MAP can compare a mapping with it.

load helpers

setup_file() { load_module; }
teardown() {
	kill_holders
	expect_nothing_left
}
teardown_file() { unload_module; }

MD=test_mock_domain
MAPF=ioas_map_file,ioas_id=1,flags=writeable:readable
FIXED=ioas_map_file,ioas_id=1,flags=fixed_iova:writeable:readable
DB0='dmabuf: ok db=0 fd=/dmabuf: flags=rdwr,cloexec'
DB1='dmabuf: ok db=1 fd=/dmabuf: flags=rdwr,cloexec'
# IOAS 1 with a mock domain (stdev 2, idev 3, HWPT 4) and a 16 KiB dma-buf
# d (db0) mapped at the start of the mock aperture
MAPPED="ioas_alloc $MD,id=1 dmabuf,len=16K,name=d $FIXED,fd=db0,length=16K,iova=0x1000000"
MAPPED_OUT=("ioas_alloc: ok out_ioas_id=1"
	"test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3"
	"$DB0" "ioas_map_file: ok iova=0x1000000")
CHECK="test_md_check_map,id=4,iova=0x1000000,uptr=@d,length=16K"
BUFINFO=/sys/kernel/debug/dma_buf/bufinfo

# the number of live dma-bufs the module exported
our_dmabufs() { grep -c -w iommufd_sim "$BUFINFO" || true; }

@test "DMABUF_GET: an fd of its open flags; 0 bytes, more than 2 MiB or unknown flags are EINVAL" {
	steps
	step "dmabuf,len=0" 'dmabuf: EINVAL'
	step "dmabuf,len=0x200001" 'dmabuf: EINVAL'
	step "dmabuf,len=2M" "$DB0"
	step "dmabuf,len=1,flags=0x80000" 'dmabuf: ok db=1 fd=/dmabuf: flags=rdonly,cloexec'
	step "dmabuf,len=1,flags=0x800" 'dmabuf: EINVAL'
	run_steps
}

@test "DMABUF_GET: the size is rounded up to whole pages, and map_file checks it" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "dmabuf,len=100,name=d" "$DB0"
	step "$MAPF,fd=db0,length=4K" 'ioas_map_file: ok iova=0x1000'
	step "$MAPF,fd=db0,length=0x1001" 'ioas_map_file: EINVAL'
	run_steps
}

@test "map_file of a dma-buf: length 0, a range past its end or at its end are EINVAL, a wrap EOVERFLOW" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "dmabuf,len=16K" "$DB0"
	step "$MAPF,fd=db0,start=0,length=0" 'ioas_map_file: EINVAL'
	step "$MAPF,fd=db0,start=16K,length=16K" 'ioas_map_file: EINVAL'
	step "$MAPF,fd=db0,start=0,length=0x4001" 'ioas_map_file: EINVAL'
	step "$MAPF,fd=db0,start=0x4000,length=1" 'ioas_map_file: EINVAL'
	step "$MAPF,fd=db0,start=0xfffffffffffff000,length=0x2000" 'ioas_map_file: EOVERFLOW'
	step "$MAPF,fd=db0,start=0,length=16K" 'ioas_map_file: ok iova=0x4000'
	run_steps
}

@test "map_file of a dma-buf: a mock domain translates it to the exporter's memory, also at an offset" {
	steps
	step "$MAPPED" "${MAPPED_OUT[@]}"
	step "$CHECK" 'test_md_check_map: ok'
	# the mapping is of d, not of other memory
	step "mem,name=o,len=16K"
	step "test_md_check_map,id=4,iova=0x1000000,uptr=@o,length=4K" 'test_md_check_map: EINVAL'
	# half a page in (the mock's IO page), mapped at a fixed IOVA
	step "$FIXED,fd=db0,start=0x800,length=0x1800,iova=0x2000800" \
		'ioas_map_file: ok iova=0x2000800'
	step "test_md_check_map,id=4,iova=0x2000800,uptr=@d+0x800,length=0x1800" \
		'test_md_check_map: ok'
	run_steps
}

@test "map_file of a dma-buf: a domain added after the mapping translates it too" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "dmabuf,len=16K,name=d" "$DB0"
	step "$FIXED,fd=db0,length=16K,iova=0x1000000" 'ioas_map_file: ok iova=0x1000000'
	step "$MD,id=1" 'test_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	step "$CHECK" 'test_md_check_map: ok'
	run_steps
}

@test "DMABUF_REVOKE: the mapping stops translating, a new domain maps nothing there, and MAP_FILE is ENODEV" {
	steps
	step "$MAPPED" "${MAPPED_OUT[@]}"
	step "$CHECK" 'test_md_check_map: ok'
	step "test_dmabuf_revoke,dmabuf_fd=db0,revoked=1" 'test_dmabuf_revoke: ok'
	step "$CHECK" 'test_md_check_map: EINVAL'
	step "hwpt_alloc,dev_id=3,pt_id=1" 'hwpt_alloc: ok out_hwpt_id=5'
	step "test_md_check_map,id=5,iova=0x1000000,uptr=@d,length=4K" 'test_md_check_map: EINVAL'
	step "$MAPF,fd=db0,length=16K" 'ioas_map_file: ENODEV'
	# the revoked mapping can still be unmapped
	step "ioas_unmap,ioas_id=1,iova=0x1000000,length=16K" 'ioas_unmap: ok length=0x4000'
	run_steps
}

@test "DMABUF_REVOKE back to usable: new mappings translate, the old one stays revoked until unmapped" {
	steps
	step "$MAPPED" "${MAPPED_OUT[@]}"
	step "test_dmabuf_revoke,dmabuf_fd=db0,revoked=1" 'test_dmabuf_revoke: ok'
	step "test_dmabuf_revoke,dmabuf_fd=db0,revoked=0" 'test_dmabuf_revoke: ok'
	step "$CHECK" 'test_md_check_map: EINVAL'
	step "$FIXED,fd=db0,length=16K,iova=0x2000000" 'ioas_map_file: ok iova=0x2000000'
	step "test_md_check_map,id=4,iova=0x2000000,uptr=@d,length=16K" 'test_md_check_map: ok'
	# as upstream's dmabuf_revoke: map it again where the revoked one was
	step "ioas_unmap,ioas_id=1,iova=0x1000000,length=16K" 'ioas_unmap: ok length=0x4000'
	step "$FIXED,fd=db0,length=16K,iova=0x1000000" 'ioas_map_file: ok iova=0x1000000'
	step "$CHECK" 'test_md_check_map: ok'
	run_steps
}

@test "DMABUF_REVOKE: no fd is EBADF, a file that is no dma-buf (an access fd) EINVAL" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "test_dmabuf_revoke,dmabuf_fd=-1,revoked=1" 'test_dmabuf_revoke: EBADF'
	step "test_create_access,id=1" \
		'test_create_access: ok fd=anon_inode:[iommufd_test_staccess] flags=rdwr,cloexec'
	step "test_dmabuf_revoke,dmabuf_fd=acc0,revoked=1" 'test_dmabuf_revoke: EINVAL'
	# closed: EBADF again
	step "dmabuf,len=4K" "$DB0"
	step "dbclose"
	step "test_dmabuf_revoke,dmabuf_fd=db0,revoked=1" 'test_dmabuf_revoke: EBADF'
	run_steps
}

@test "access objects and IOAS_COPY: ACCESS_PAGES and ACCESS_RW of a dma-buf are EINVAL, a copy translates" {
	steps
	step "$MAPPED" "${MAPPED_OUT[@]}"
	step "test_create_access,id=1,flags=needs_pin_pages" \
		'test_create_access: ok fd=anon_inode:[iommufd_test_staccess] flags=rdwr,cloexec'
	step "mem,name=u,len=16K"
	step "test_access_pages,id=acc0,iova=0x1000000,length=4K,uptr=@u" 'test_access_pages: EINVAL'
	step "test_access_rw,id=acc0,iova=0x1000000,length=16,uptr=@u" 'test_access_rw: EINVAL'
	step "accclose"
	step "ioas_copy,dst_ioas_id=1,src_ioas_id=1,flags=fixed_iova:writeable:readable,src_iova=0x1000000,dst_iova=0x2000000,length=16K" \
		'ioas_copy: ok dst_iova=0x2000000'
	step "test_md_check_map,id=4,iova=0x2000000,uptr=@d,length=16K" 'test_md_check_map: ok'
	# one attachment behind both areas: revoking stops both
	step "test_dmabuf_revoke,dmabuf_fd=db0,revoked=1" 'test_dmabuf_revoke: ok'
	step "test_md_check_map,id=4,iova=0x2000000,uptr=@d,length=4K" 'test_md_check_map: EINVAL'
	run_steps
}

@test "lifetime: a mapping keeps the dma-buf after its fd and mmap are gone, unmapping frees it" {
	[ -r "$BUFINFO" ] || skip "no $BUFINFO (CONFIG_DEBUG_FS)"
	local -a mapped
	read -r -a mapped <<<"$MAPPED"
	[ "$(our_dmabufs)" = 0 ]
	start_holder "${mapped[@]}" dbclose munmap,name=d
	[ "$(our_dmabufs)" = 1 ]
	stop_holder
	[ "$(our_dmabufs)" = 0 ]
	# the fd alone, without a mapping, is the only reference
	start_holder dmabuf,len=4K dbclose
	[ "$(our_dmabufs)" = 0 ]
	stop_holder
	steps
	step "$MAPPED" "${MAPPED_OUT[@]}"
	step dbclose
	step "$CHECK" 'test_md_check_map: ok'
	step "ioas_unmap,ioas_id=1,iova=0x1000000,length=16K" 'ioas_unmap: ok length=0x4000'
	run_steps
}

@test "a foreign dma-buf (udmabuf): MAP_FILE and DMABUF_REVOKE are EOPNOTSUPP" {
	[ -c /dev/udmabuf ] || skip "no /dev/udmabuf (CONFIG_UDMABUF is off in this kernel)"
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "udmabuf,len=16K" 'udmabuf: ok db=0'
	step "$MAPF,fd=db0,length=16K" 'ioas_map_file: EOPNOTSUPP'
	step "$MAPF,fd=db0,length=0" 'ioas_map_file: EINVAL'
	step "test_dmabuf_revoke,dmabuf_fd=db0,revoked=1" 'test_dmabuf_revoke: EOPNOTSUPP'
	run_steps
}
