#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# IOMMU_IOAS_MAP and IOMMU_IOAS_MAP_FILE: every check in upstream's order,
# the kernel-chosen IOVA, and pinning (spec (c)2, fact sheet items 1, 2, 11).
#
# Map flags: 1 FIXED_IOVA, 2 WRITEABLE, 4 READABLE (6 = RW, 7 = fixed RW).
# Without a domain nothing is pinned, so user_va need not be mapped memory.

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

MAX=0xffffffffffffffff

@test "map: unknown flag or __reserved is EOPNOTSUPP before everything else" {
	run iofd ioas_alloc ioas_map,ioas_id=1,flags=0xe,length=0x1000 \
		ioas_map,ioas_id=1,flags=6,__reserved=1,length=0x1000 \
		ioas_map,ioas_id=9,flags=8,iova=$MAX,length=0
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map: EOPNOTSUPP\nioas_map: EOPNOTSUPP\nioas_map: EOPNOTSUPP'
}

@test "map: iova or length of ULONG_MAX is EOVERFLOW, before the R/W check" {
	run iofd ioas_alloc ioas_map,ioas_id=1,flags=7,iova=$MAX,length=0x1000 \
		ioas_map,ioas_id=1,flags=6,length=$MAX \
		ioas_map,ioas_id=9,flags=0,length=$MAX
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map: EOVERFLOW\nioas_map: EOVERFLOW\nioas_map: EOVERFLOW'
}

@test "map: neither READABLE nor WRITEABLE is EINVAL, before the IOAS lookup" {
	run iofd ioas_alloc ioas_map,ioas_id=1,flags=1,length=0x1000 \
		ioas_map,ioas_id=9,flags=0,length=0x1000
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map: EINVAL\nioas_map: EINVAL'
}

@test "map: a missing IOAS or another object type is ENOENT, before length checks" {
	run iofd ioas_alloc ioas_map,ioas_id=2,flags=6,length=0 \
		ioas_map,ioas_id=0,flags=6,length=0x1000 \
		test_mock_domain,id=1 ioas_map,ioas_id=4,flags=6,length=0x1000
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map: ENOENT\nioas_map: ENOENT\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nioas_map: ENOENT'
}

@test "map: user_va + length overflowing is EOVERFLOW, then length 0 is EINVAL" {
	run iofd ioas_alloc \
		ioas_map,ioas_id=1,flags=6,user_va=0xfffffffffffff000,length=0x1000 \
		ioas_map,ioas_id=1,flags=6,user_va=0xfffffffffffff000,length=0 \
		ioas_map,ioas_id=1,flags=6,user_va=0x1000,length=0 \
		ioas_map,ioas_id=1,flags=6,user_va=0xffffffffffffe000,length=0x1000
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map: EOVERFLOW\nioas_map: EINVAL\nioas_map: EINVAL\nioas_map: ok iova=0x1000'
}

@test "map: a bare IOAS takes byte-granular IOVA, length and user_va" {
	run iofd ioas_alloc \
		ioas_map,ioas_id=1,flags=7,iova=0x12345,user_va=0x1001,length=3 \
		ioas_map,ioas_id=1,flags=7,iova=0x12348,user_va=0x77,length=1 \
		ioas_unmap,ioas_id=1,iova=0,length=$MAX
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map: ok iova=0x12345\nioas_map: ok iova=0x12348\nioas_unmap: ok length=0x4'
}

@test "map fixed: misaligned length, then misaligned iova, are EINVAL (HUGE_PAGES off: PAGE_SIZE)" {
	run iofd ioas_alloc option,option_id=1,op=0,object_id=1,val64=0 \
		ioas_map,ioas_id=1,flags=7,iova=0x1000,length=0x1001 \
		ioas_map,ioas_id=1,flags=7,iova=0x1800,length=0x1000 \
		ioas_map,ioas_id=1,flags=7,iova=0x2000,length=0x1000
	expect_output $'ioas_alloc: ok out_ioas_id=1\noption: ok val64=0\nioas_map: EINVAL\nioas_map: EINVAL\nioas_map: ok iova=0x2000'
}

@test "map fixed: iova + length - 1 overflowing is EOVERFLOW, before the reserved check" {
	run iofd ioas_alloc \
		test_add_reserved,id=1,start=0xffffffffffff0000,length=0x1000 \
		ioas_map,ioas_id=1,flags=7,iova=0xffffffffffff0000,length=0x20000 \
		ioas_map,ioas_id=1,flags=7,iova=0xffffffffffffe000,length=0x2000 \
		ioas_map,ioas_id=1,flags=7,iova=0xfffffffffffff000,length=0x1000
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_add_reserved: ok\nioas_map: EOVERFLOW\nioas_map: ok iova=0xffffffffffffe000\nioas_map: EEXIST'
}

@test "map fixed: a reserved range is EINVAL (not EADDRINUSE), before EEXIST" {
	run iofd ioas_alloc ioas_map,ioas_id=1,flags=7,iova=0x10000,length=0x1000 \
		test_add_reserved,id=1,start=0x11000,length=0x1000 \
		ioas_map,ioas_id=1,flags=7,iova=0x11fff,length=1 \
		ioas_map,ioas_id=1,flags=7,iova=0x10000,length=0x2000 \
		ioas_map,ioas_id=1,flags=7,iova=0x10fff,length=1 \
		ioas_map,ioas_id=1,flags=7,iova=0x12000,length=0x1000
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map: ok iova=0x10000\ntest_add_reserved: ok\nioas_map: EINVAL\nioas_map: EINVAL\nioas_map: EEXIST\nioas_map: ok iova=0x12000'
}

@test "map fixed: the in-page offset of user_va must meet the IOVA alignment (EINVAL)" {
	run iofd ioas_alloc option,option_id=1,op=0,object_id=1,val64=0 \
		ioas_map,ioas_id=1,flags=7,iova=0x1000,user_va=0x5800,length=0x1000 \
		ioas_map,ioas_id=1,flags=7,iova=0x1000,user_va=0x7000,length=0x1000 \
		ioas_map,ioas_id=1,flags=7,iova=0x2000,user_va=0x7fff000,length=0x1000
	expect_output $'ioas_alloc: ok out_ioas_id=1\noption: ok val64=0\nioas_map: EINVAL\nioas_map: ok iova=0x1000\nioas_map: ok iova=0x2000'
}

@test "map: the kernel picks the lowest free IOVA, never 0, and fills gaps" {
	run iofd ioas_alloc \
		ioas_map,ioas_id=1,flags=6,user_va=0x1000,length=0x1000 \
		ioas_map,ioas_id=1,flags=7,iova=0x3000,user_va=0x1000,length=0x1000 \
		ioas_map,ioas_id=1,flags=6,user_va=0x1000,length=0x1000 \
		ioas_map,ioas_id=1,flags=6,user_va=0x1000,length=0x1000
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map: ok iova=0x1000\nioas_map: ok iova=0x3000\nioas_map: ok iova=0x2000\nioas_map: ok iova=0x4000'
}

@test "map: the chosen IOVA keeps the alignment of user_va up to the length's, at most 2 MiB" {
	run iofd ioas_alloc \
		ioas_map,ioas_id=1,flags=6,user_va=0x200000,length=0x200000 \
		ioas_map,ioas_id=1,flags=6,user_va=0x10000,length=0x200000 \
		ioas_map,ioas_id=1,flags=6,user_va=0,length=0x3000 \
		ioas_map,ioas_id=1,flags=6,user_va=0x40000000,length=0x40000000 \
		ioas_map,ioas_id=1,flags=6,user_va=0x1234,length=0x1000
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map: ok iova=0x200000\nioas_map: ok iova=0x400000\nioas_map: ok iova=0x4000\nioas_map: ok iova=0x600000\nioas_map: ok iova=0x1234'
}

@test "map: a chosen alignment below the IOAS alignment is EINVAL" {
	run iofd ioas_alloc option,option_id=1,op=0,object_id=1,val64=0 \
		ioas_map,ioas_id=1,flags=6,user_va=0x1800,length=0x1000 \
		ioas_map,ioas_id=1,flags=6,user_va=0x1000,length=0x1000
	expect_output $'ioas_alloc: ok out_ioas_id=1\noption: ok val64=0\nioas_map: EINVAL\nioas_map: ok iova=0x1000'
}

@test "map: the last page is never chosen; no room is ENOSPC" {
	run iofd ioas_alloc \
		ioas_allow_iovas,ioas_id=1,ranges=0xffffffffffffd000-0xfffffffffffffffe \
		ioas_map,ioas_id=1,flags=6,length=0x1000 \
		ioas_map,ioas_id=1,flags=6,length=0x1000 \
		ioas_map,ioas_id=1,flags=6,length=0x1000 \
		ioas_map,ioas_id=1,flags=7,iova=0xfffffffffffff000,length=0x1000
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_allow_iovas: ok\nioas_map: ok iova=0xffffffffffffd000\nioas_map: ok iova=0xffffffffffffe000\nioas_map: ENOSPC\nioas_map: ok iova=0xfffffffffffff000'
}

@test "map: reserved ranges are skipped by the allocator" {
	run iofd ioas_alloc test_add_reserved,id=1,start=0,length=0x100000 \
		ioas_map,ioas_id=1,flags=6,length=0x1000
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_add_reserved: ok\nioas_map: ok iova=0x100000'
}

@test "map: a short struct (min size 40) is EINVAL, a fixed iova is written back" {
	run iofd ioas_alloc ioas_map,size=39,ioas_id=1,flags=6,length=0x1000 \
		ioas_map,ioas_id=1,flags=7,iova=0x5000,length=0x1000
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map: EINVAL\nioas_map: ok iova=0x5000'
}

@test "map of real 4 KiB, hugepage and memfd memory, then unmap" {
	echo 4 >/proc/sys/vm/nr_hugepages
	run iofd mem,name=a,len=4K mem,name=h,len=2M,kind=huge \
		mem,name=m,len=64K,kind=memfd ioas_alloc \
		ioas_map,ioas_id=1,flags=6,user_va=@a,length=4096 \
		ioas_map,ioas_id=1,flags=6,user_va=@h,length=2M \
		ioas_map,ioas_id=1,flags=7,iova=0x400000,user_va=@m,length=64K \
		ioas_unmap,ioas_id=1,iova=0,length=$MAX
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map: ok iova=0x1000\nioas_map: ok iova=0x200000\nioas_map: ok iova=0x400000\nioas_unmap: ok length=0x211000'
}

@test "map_file: flags EOPNOTSUPP, EOVERFLOW, EINVAL, ENOENT, then EBADF" {
	run iofd ioas_alloc ioas_map_file,ioas_id=1,flags=8,fd=-1,length=0x1000 \
		ioas_map_file,ioas_id=1,flags=6,fd=-1,length=$MAX \
		ioas_map_file,ioas_id=1,flags=1,fd=-1,length=0x1000 \
		ioas_map_file,ioas_id=2,flags=6,fd=-1,length=0x1000 \
		ioas_map_file,ioas_id=1,flags=6,fd=-1,length=0x1000 \
		ioas_map_file,ioas_id=1,flags=6,fd=1000,length=0
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map_file: EOPNOTSUPP\nioas_map_file: EOVERFLOW\nioas_map_file: EINVAL\nioas_map_file: ENOENT\nioas_map_file: EBADF\nioas_map_file: EBADF'
}

@test "map_file: start + length - 1 overflowing is EOVERFLOW, length 0 EINVAL" {
	run iofd mem,name=m,len=64K,kind=memfd ioas_alloc \
		ioas_map_file,ioas_id=1,flags=6,fd=@m,start=0xfffffffffffff000,length=0x2000 \
		ioas_map_file,ioas_id=1,flags=6,fd=@m,start=0x1000,length=0
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map_file: EOVERFLOW\nioas_map_file: EINVAL'
}

@test "map_file: the chosen IOVA follows the file offset; fixed checks apply" {
	run iofd mem,name=m,len=4M,kind=memfd ioas_alloc \
		ioas_map_file,ioas_id=1,flags=6,fd=@m,start=0x200000,length=0x200000 \
		ioas_map_file,ioas_id=1,flags=6,fd=@m,start=0x1800,length=0x800 \
		ioas_map_file,ioas_id=1,flags=7,fd=@m,iova=0x200000,length=0x1000
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map_file: ok iova=0x200000\nioas_map_file: ok iova=0x1800\nioas_map_file: EEXIST'
}

@test "nothing is pinned while the IOAS has no domain" {
	start_holder mem,name=a,len=2M mem,name=m,len=1M,kind=memfd ioas_alloc \
		ioas_map,ioas_id=1,flags=6,user_va=@a,length=2M \
		ioas_map_file,ioas_id=1,flags=6,fd=@m,length=1M
	run pinned
	expect_output "0"
}

@test "with a domain, map pins at once; unmap unpins" {
	start_holder mem,name=a,len=2M mem,name=b,len=4K ioas_alloc \
		test_mock_domain,id=1 \
		ioas_map,ioas_id=1,flags=6,user_va=@a,length=2M \
		ioas_map,ioas_id=1,flags=4,user_va=@b,length=4K \
		ioas_unmap,ioas_id=1,iova=0x1000000,length=2M
	run pinned
	expect_output "1"
	stop_holder
	run pinned
	expect_output "0"
}

@test "with a domain, a 2 MiB map pins 512 pages, memfd through MAP_FILE too" {
	start_holder mem,name=a,len=2M mem,name=m,len=2M,kind=memfd ioas_alloc \
		test_mock_domain,id=1 \
		ioas_map,ioas_id=1,flags=6,user_va=@a,length=2M \
		ioas_map_file,ioas_id=1,flags=6,fd=@m,length=2M
	run pinned
	expect_output "1024"
	stop_holder KILL
	run pinned
	expect_output "0"
}

@test "a domain added after the map pins; removing the last one unpins, the map stays" {
	run iofd mem,name=a,len=64K ioas_alloc \
		ioas_map,ioas_id=1,flags=7,iova=0x1000000,user_va=@a,length=64K \
		test_mock_domain,id=1 destroy,id=2 \
		ioas_unmap,ioas_id=1,iova=0,length=$MAX
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map: ok iova=0x1000000\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\ndestroy: ok\nioas_unmap: ok length=0x10000'
	start_holder mem,name=a,len=64K ioas_alloc \
		ioas_map,ioas_id=1,flags=7,iova=0x1000000,user_va=@a,length=64K \
		test_mock_domain,id=1
	run pinned
	expect_output "16"
	stop_holder
	start_holder mem,name=a,len=64K ioas_alloc \
		ioas_map,ioas_id=1,flags=7,iova=0x1000000,user_va=@a,length=64K \
		test_mock_domain,id=1 destroy,id=2
	run pinned
	expect_output "0"
}

@test "PFN-mapped memory fails to pin: EFAULT at map with a domain, nothing left behind" {
	run iofd mem,name=p,len=4K,kind=pfnmap mem,name=a,len=4K ioas_alloc \
		test_mock_domain,id=1 \
		ioas_map,ioas_id=1,flags=7,iova=0x1000000,user_va=@p,length=4K \
		ioas_map,ioas_id=1,flags=7,iova=0x1000000,user_va=@a,length=4K
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nioas_map: EFAULT\nioas_map: ok iova=0x1000000'
	run pinned
	expect_output "0"
}

@test "PFN-mapped memory maps without a domain, then the attach fails with EFAULT" {
	run iofd mem,name=p,len=4K,kind=pfnmap ioas_alloc \
		ioas_map,ioas_id=1,flags=7,iova=0x1000000,user_va=@p,length=4K \
		test_mock_domain,id=1 ioas_alloc
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map: ok iova=0x1000000\ntest_mock_domain: EFAULT\nioas_alloc: ok out_ioas_id=2'
}

@test "unmapped user memory fails to pin with EFAULT; read-only memory mapped WRITEABLE too" {
	run iofd mem,name=a,len=8K mem,name=r,len=4K,kind=ro munmap,name=a \
		ioas_alloc test_mock_domain,id=1 \
		ioas_map,ioas_id=1,flags=6,user_va=@a,length=4K \
		ioas_map,ioas_id=1,flags=6,user_va=@r,length=4K \
		ioas_map,ioas_id=1,flags=4,user_va=@r,length=4K
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nioas_map: EFAULT\nioas_map: EFAULT\nioas_map: ok iova=0x1000000'
	run pinned
	expect_output "0"
}

@test "map_file of a file that is not shmem maps, but cannot be pinned (EINVAL)" {
	rm -f /var/tmp/iofd-not-shmem
	run iofd mem,name=f,len=8K,kind=file,path=/var/tmp/iofd-not-shmem \
		ioas_alloc \
		ioas_map_file,ioas_id=1,flags=7,iova=0x1000000,fd=@f,length=8K \
		test_mock_domain,id=1 \
		ioas_unmap,ioas_id=1,iova=0,length=$MAX test_mock_domain,id=1 \
		ioas_map_file,ioas_id=1,flags=6,fd=@f,length=8K \
		ioas_map_file,ioas_id=1,flags=6,fd=@f,start=0x2000,length=4K
	rm -f /var/tmp/iofd-not-shmem
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map_file: ok iova=0x1000000\ntest_mock_domain: EINVAL\nioas_unmap: ok length=0x2000\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nioas_map_file: EINVAL\nioas_map_file: EINVAL'
}

@test "map_file past the end of a memfd fails to pin (EINVAL)" {
	run iofd mem,name=m,len=8K,kind=memfd ioas_alloc test_mock_domain,id=1 \
		ioas_map_file,ioas_id=1,flags=6,fd=@m,length=12K \
		ioas_map_file,ioas_id=1,flags=6,fd=@m,length=8K
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nioas_map_file: EINVAL\nioas_map_file: ok iova=0x1000000'
	run pinned
	expect_output "0"
}

@test "RLIMIT_MEMLOCK: over the limit is ENOMEM with nothing pinned or mapped" {
	# no CAP_IPC_LOCK, 1 MiB of memlock: a 2 MiB pin fails, 1 MiB fits
	run setpriv --inh-caps=-ipc_lock --bounding-set=-ipc_lock -- \
		prlimit --memlock=1048576 -- "$BIN/iofd" \
		mem,name=a,len=2M ioas_alloc test_mock_domain,id=1 \
		ioas_map,ioas_id=1,flags=7,iova=0x1000000,user_va=@a,length=2M \
		ioas_map,ioas_id=1,flags=7,iova=0x1000000,user_va=@a,length=1M \
		ioas_map,ioas_id=1,flags=6,user_va=@a,length=4K
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nioas_map: ENOMEM\nioas_map: ok iova=0x1000000\nioas_map: ENOMEM'
	run pinned
	expect_output "0"
}

@test "RLIMIT_MEMLOCK: a domain attach over the limit fails with ENOMEM and unwinds" {
	run setpriv --inh-caps=-ipc_lock --bounding-set=-ipc_lock -- \
		prlimit --memlock=1048576 -- "$BIN/iofd" \
		mem,name=a,len=2M ioas_alloc \
		ioas_map,ioas_id=1,flags=7,iova=0x1000000,user_va=@a,length=1M \
		ioas_map,ioas_id=1,flags=7,iova=0x1100000,user_va=@a+1M,length=1M \
		test_mock_domain,id=1 ioas_unmap,ioas_id=1,iova=0x1100000,length=1M \
		test_mock_domain,id=1
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_map: ok iova=0x1000000\nioas_map: ok iova=0x1100000\ntest_mock_domain: ENOMEM\nioas_unmap: ok length=0x100000\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3'
	run pinned
	expect_output "0"
}

@test "RLIMIT_MEMLOCK: CAP_IPC_LOCK is not limited" {
	run prlimit --memlock=0 -- "$BIN/iofd" mem,name=a,len=2M ioas_alloc \
		test_mock_domain,id=1 ioas_map,ioas_id=1,flags=6,user_va=@a,length=2M
	expect_output $'ioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nioas_map: ok iova=0x1000000'
}

@test "RLIMIT_MODE 1 charges the process: ENOMEM over its limit too" {
	run setpriv --inh-caps=-ipc_lock --bounding-set=-ipc_lock -- \
		prlimit --memlock=1048576 -- "$BIN/iofd" \
		option,option_id=0,op=0,val64=1 mem,name=a,len=2M ioas_alloc \
		test_mock_domain,id=1 \
		ioas_map,ioas_id=1,flags=6,user_va=@a,length=2M \
		ioas_map,ioas_id=1,flags=6,user_va=@a,length=1M
	expect_output $'option: ok val64=1\nioas_alloc: ok out_ioas_id=1\ntest_mock_domain: ok out_stdev_id=2 out_hwpt_id=4 out_idev_id=3\nioas_map: ENOMEM\nioas_map: ok iova=0x1000000'
}

@test "pinned memory shows as VmPin of the mapping process until unpinned" {
	start_holder mem,name=a,len=2M ioas_alloc test_mock_domain,id=1 \
		ioas_map,ioas_id=1,flags=6,user_va=@a,length=2M
	run grep VmPin "/proc/$HOLDER/status"
	expect_output $'VmPin:\t    2048 kB'
	stop_holder
	run pinned
	expect_output "0"
}
