#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# IOMMU_IOAS_UNMAP and IOMMU_IOAS_COPY (README.md,
# "Supported ioctls").
# Map flags by name: fixed_iova, writeable, readable (docs/testing.md).

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

MAX=0xffffffffffffffff
# two areas with a gap: [0x1000, 0x1fff] and [0x3000, 0x4fff]
MAP_FIXED=ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable
TWO="ioas_alloc $MAP_FIXED,iova=0x1000,length=0x1000 $MAP_FIXED,iova=0x3000,length=0x2000"
TWO_OUT=$'ioas_alloc: ok out_ioas_id=1\nioas_map: ok iova=0x1000\nioas_map: ok iova=0x3000'

@test "unmap: a missing IOAS is ENOENT, checked first" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_unmap,ioas_id=2,iova=$MAX,length=0" 'ioas_unmap: ENOENT'
	step "ioas_unmap,ioas_id=0,iova=0,length=$MAX" 'ioas_unmap: ENOENT'
	run_steps
}

@test "unmap: iova or length of ULONG_MAX (not unmap-all) is EOVERFLOW" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_unmap,ioas_id=1,iova=$MAX,length=0x1000" 'ioas_unmap: EOVERFLOW'
	step "ioas_unmap,ioas_id=1,iova=1,length=$MAX" 'ioas_unmap: EOVERFLOW'
	step "ioas_unmap,ioas_id=1,iova=$MAX,length=$MAX" 'ioas_unmap: EOVERFLOW'
	run_steps
}

@test "unmap: length 0 is EINVAL, iova + length - 1 overflowing EOVERFLOW" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_unmap,ioas_id=1,iova=0x1000,length=0" 'ioas_unmap: EINVAL'
	step "ioas_unmap,ioas_id=1,iova=0x2000,length=0xffffffffffffe001" 'ioas_unmap: EOVERFLOW'
	run_steps
}

@test "unmap: nothing mapped in the range is ENOENT; unmap-all of nothing is 0" {
	steps
	step "$TWO" "$TWO_OUT"
	step "ioas_unmap,ioas_id=1,iova=0x2000,length=0x1000" 'ioas_unmap: ENOENT'
	step "ioas_unmap,ioas_id=1,iova=0x5000,length=0xfff" 'ioas_unmap: ENOENT'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	step "ioas_unmap,ioas_id=2,iova=0,length=$MAX" 'ioas_unmap: ok length=0x0'
	run_steps
}

@test "unmap: a range covering part of an area is ENOENT" {
	steps
	step "$TWO" "$TWO_OUT"
	step "ioas_unmap,ioas_id=1,iova=0x3000,length=0x1000" 'ioas_unmap: ENOENT'
	step "ioas_unmap,ioas_id=1,iova=0x4000,length=0x1000" 'ioas_unmap: ENOENT'
	step "ioas_unmap,ioas_id=1,iova=0x3001,length=0x1fff" 'ioas_unmap: ENOENT'
	step "ioas_unmap,ioas_id=1,iova=0,length=$MAX" 'ioas_unmap: ok length=0x3000'
	run_steps
}

@test "unmap: several areas and gaps in one range; length is the sum unmapped" {
	steps
	step "$TWO" "$TWO_OUT"
	step "ioas_unmap,ioas_id=1,iova=0x800,length=0x5000" 'ioas_unmap: ok length=0x3000'
	run_steps
}

@test "unmap: no alignment is required of iova or length" {
	steps
	step "$TWO" "$TWO_OUT"
	step "ioas_unmap,ioas_id=1,iova=0xfff,length=0x1002" 'ioas_unmap: ok length=0x1000'
	run_steps
}

@test "unmap: not atomic, areas before a partly covered one are gone" {
	steps
	step "$TWO" "$TWO_OUT"
	step "ioas_unmap,ioas_id=1,iova=0x1000,length=0x3000" 'ioas_unmap: ENOENT'
	step "ioas_unmap,ioas_id=1,iova=0x1000,length=0x1000" 'ioas_unmap: ENOENT'
	step "ioas_unmap,ioas_id=1,iova=0,length=$MAX" 'ioas_unmap: ok length=0x2000'
	run_steps
}

@test "unmap: the freed IOVA is chosen again" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map,ioas_id=1,flags=writeable:readable,length=0x1000" 'ioas_map: ok iova=0x1000'
	step "ioas_unmap,ioas_id=1,iova=0x1000,length=0x1000" 'ioas_unmap: ok length=0x1000'
	step "ioas_map,ioas_id=1,flags=writeable:readable,length=0x1000" 'ioas_map: ok iova=0x1000'
	run_steps
}

@test "copy: unknown flag is EOPNOTSUPP, then EOVERFLOW for each of length, src and dst" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_copy,dst_ioas_id=1,src_ioas_id=1,flags=8,length=$MAX" 'ioas_copy: EOPNOTSUPP'
	step "ioas_copy,dst_ioas_id=1,src_ioas_id=1,flags=writeable:readable,length=$MAX" \
		'ioas_copy: EOVERFLOW'
	step "ioas_copy,dst_ioas_id=1,src_ioas_id=1,flags=writeable:readable,length=1,src_iova=$MAX" \
		'ioas_copy: EOVERFLOW'
	step "ioas_copy,dst_ioas_id=1,src_ioas_id=1,flags=writeable:readable,length=1,dst_iova=$MAX" \
		'ioas_copy: EOVERFLOW'
	step "ioas_copy,dst_ioas_id=1,src_ioas_id=1,flags=0,length=1,dst_iova=$MAX" \
		'ioas_copy: EOVERFLOW'
	run_steps
}

@test "copy: no READ/WRITE is EINVAL before lookups; src missing ENOENT; length 0 EINVAL" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_copy,dst_ioas_id=9,src_ioas_id=9,flags=fixed_iova,length=1" 'ioas_copy: EINVAL'
	step "ioas_copy,dst_ioas_id=1,src_ioas_id=9,flags=writeable:readable,length=0" \
		'ioas_copy: ENOENT'
	step "ioas_copy,dst_ioas_id=9,src_ioas_id=1,flags=writeable:readable,length=0" \
		'ioas_copy: EINVAL'
	step "ioas_copy,dst_ioas_id=9,src_ioas_id=1,flags=writeable:readable,length=0x2000,src_iova=0xfffffffffffff000" \
		'ioas_copy: EOVERFLOW'
	run_steps
}

@test "copy: the source must be mapped without holes (ENOENT), then dst is looked up" {
	steps
	step "$TWO" "$TWO_OUT"
	step "ioas_copy,dst_ioas_id=1,src_ioas_id=1,flags=writeable:readable,src_iova=0x1000,length=0x3000" \
		'ioas_copy: ENOENT'
	step "ioas_copy,dst_ioas_id=1,src_ioas_id=1,flags=writeable:readable,src_iova=0x800,length=0x1000" \
		'ioas_copy: ENOENT'
	step "ioas_copy,dst_ioas_id=1,src_ioas_id=1,flags=writeable:readable,src_iova=0x4000,length=0x2000" \
		'ioas_copy: ENOENT'
	step "ioas_copy,dst_ioas_id=9,src_ioas_id=1,flags=writeable:readable,src_iova=0x1000,length=0x1000" \
		'ioas_copy: ENOENT'
	run_steps
}

@test "copy: part of an area, and across adjacent areas: one dst area per piece" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000,length=0x1000" \
		'ioas_map: ok iova=0x1000'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x2000,length=0x2000" \
		'ioas_map: ok iova=0x2000'
	step "ioas_copy,dst_ioas_id=2,src_ioas_id=1,flags=fixed_iova:writeable:readable,dst_iova=0x10000,src_iova=0x1800,length=0x2000" \
		'ioas_copy: ok dst_iova=0x10000'
	step "ioas_copy,dst_ioas_id=2,src_ioas_id=1,flags=fixed_iova:writeable:readable,dst_iova=0x20000,src_iova=0x2800,length=0x800" \
		'ioas_copy: ok dst_iova=0x20000'
	step "ioas_unmap,ioas_id=2,iova=0x10400,length=0x1000" 'ioas_unmap: ENOENT'
	step "ioas_unmap,ioas_id=2,iova=0x10800,length=0x1000" 'ioas_unmap: ENOENT'
	step "ioas_unmap,ioas_id=2,iova=0x10000,length=0x2000" 'ioas_unmap: ok length=0x2000'
	step "ioas_unmap,ioas_id=2,iova=0,length=$MAX" 'ioas_unmap: ok length=0x800'
	step "ioas_unmap,ioas_id=1,iova=0,length=$MAX" 'ioas_unmap: ok length=0x3000'
	run_steps
}

@test "copy: into the same IOAS, fixed checks apply (EEXIST)" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000,length=0x1000" \
		'ioas_map: ok iova=0x1000'
	step "ioas_copy,dst_ioas_id=1,src_ioas_id=1,flags=fixed_iova:writeable:readable,dst_iova=0x1800,src_iova=0x1000,length=0x1000" \
		'ioas_copy: EEXIST'
	step "ioas_copy,dst_ioas_id=1,src_ioas_id=1,flags=fixed_iova:writeable:readable,dst_iova=0x2000,src_iova=0x1000,length=0x1000" \
		'ioas_copy: ok dst_iova=0x2000'
	run_steps
}

@test "copy: WRITEABLE from a read-only mapping is EPERM; READABLE is fine" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_map,ioas_id=1,flags=fixed_iova:readable,iova=0x1000,length=0x1000" \
		'ioas_map: ok iova=0x1000'
	step "ioas_copy,dst_ioas_id=1,src_ioas_id=1,flags=writeable:readable,src_iova=0x1000,length=0x1000" \
		'ioas_copy: EPERM'
	step "ioas_copy,dst_ioas_id=1,src_ioas_id=1,flags=readable,src_iova=0x1000,length=0x1000" \
		'ioas_copy: ok dst_iova=0x2000'
	run_steps
}

@test "copy: the chosen IOVA follows the source user_va" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	step "ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000,user_va=0x200000,length=0x200000" \
		'ioas_map: ok iova=0x1000'
	step "ioas_copy,dst_ioas_id=2,src_ioas_id=1,flags=writeable:readable,src_iova=0x1000,length=0x200000" \
		'ioas_copy: ok dst_iova=0x200000'
	step "ioas_copy,dst_ioas_id=2,src_ioas_id=1,flags=writeable:readable,src_iova=0x11000,length=0x1000" \
		'ioas_copy: ok dst_iova=0x1000'
	run_steps
}

@test "copy: both IOASes with domains share one pin of the pages" {
	start_holder mem,name=a,len=2M ioas_alloc ioas_alloc \
		test_mock_domain,id=1 test_mock_domain,id=2 \
		ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@a,length=2M \
		ioas_copy,dst_ioas_id=2,src_ioas_id=1,flags=fixed_iova:writeable:readable,dst_iova=0x1000000,src_iova=0x1000000,length=2M
	run pinned
	expect_output "512"
	stop_holder
	# the source unmapped first: the copy still holds the pin
	start_holder mem,name=a,len=2M ioas_alloc ioas_alloc \
		test_mock_domain,id=1 test_mock_domain,id=2 \
		ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@a,length=2M \
		ioas_copy,dst_ioas_id=2,src_ioas_id=1,flags=fixed_iova:writeable:readable,dst_iova=0x1000000,src_iova=0x1000000,length=2M \
		ioas_unmap,ioas_id=1,iova=0,length=$MAX
	run pinned
	expect_output "512"
	stop_holder
	run pinned
	expect_output "0"
}

@test "copy: into an IOAS with a domain pins memory mapped where there is none" {
	start_holder mem,name=a,len=64K ioas_alloc ioas_alloc test_mock_domain,id=2 \
		ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@a,length=64K \
		ioas_copy,dst_ioas_id=2,src_ioas_id=1,flags=fixed_iova:writeable:readable,dst_iova=0x1000000,src_iova=0x1000000,length=64K
	run pinned
	expect_output "16"
	stop_holder
	start_holder mem,name=a,len=64K ioas_alloc ioas_alloc test_mock_domain,id=2 \
		ioas_map,ioas_id=1,flags=fixed_iova:writeable:readable,iova=0x1000000,user_va=@a,length=64K \
		ioas_copy,dst_ioas_id=2,src_ioas_id=1,flags=fixed_iova:writeable:readable,dst_iova=0x1000000,src_iova=0x1000000,length=64K \
		ioas_unmap,ioas_id=2,iova=0,length=$MAX
	run pinned
	expect_output "0"
}

@test "destroying an IOAS with mappings and closing leave nothing pinned" {
	start_holder mem,name=a,len=64K ioas_alloc test_mock_domain,id=1 \
		ioas_map,ioas_id=1,flags=writeable:readable,user_va=@a,length=64K ioas_alloc \
		ioas_copy,dst_ioas_id=2,src_ioas_id=1,flags=writeable:readable,src_iova=0x1000000,length=64K \
		destroy,id=5
	run pinned
	expect_output "16"
	run live_objects
	expect_output "4"
	stop_holder
	expect_nothing_left
}
