#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# The common ioctl dispatch rules of upstream iommufd (spec (c)0).

load helpers

setup_file() { load_module; }
teardown_file() { unload_module; }

@test "ioctl number below the iommufd range is ENOTTY" {
	run iofd raw,cmd=0x3b7f,size=12
	expect_output "raw: ENOTTY"
}

@test "ioctl number past the last command (0xc0) is ENOTTY" {
	run iofd raw,cmd=0x3bff,size=12
	expect_output "raw: ENOTTY"
}

@test "hole in the command table is ENOTTY" {
	run iofd raw,cmd=0x3b9f,size=12
	expect_output "raw: ENOTTY"
}

@test "another ioctl type with an iommufd number is ENOTTY" {
	# _IO('A', 0x81): same nr as IOAS_ALLOC, other type
	run iofd raw,cmd=0x4181,size=12
	expect_output "raw: ENOTTY"
}

@test "known number with direction and size bits set is ENOTTY" {
	# _IOWR(';', 0x81, 12)
	run iofd raw,cmd=0xc00c3b81,size=12
	expect_output "raw: ENOTTY"
}

@test "unknown number with a bad pointer is ENOTTY (number checked first)" {
	run iofd raw,cmd=0x3b7f,ptr=bad
	expect_output "raw: ENOTTY"
}

@test "unreadable size field is EFAULT, before the table lookup" {
	run iofd raw,cmd=$IOMMU_IOAS_ALLOC,ptr=bad raw,cmd=0x3b9f,ptr=bad raw,cmd=$IOMMU_IOAS_ALLOC,ptr=null
	expect_output $'raw: EFAULT\nraw: EFAULT\nraw: EFAULT'
}

@test "size below the minimum is EINVAL" {
	run iofd ioas_alloc,size=11 ioas_alloc,size=0 destroy,size=7 destroy,size=4
	expect_output $'ioas_alloc: EINVAL\nioas_alloc: EINVAL\ndestroy: EINVAL\ndestroy: EINVAL'
}

@test "non-zero bytes past the kernel struct are E2BIG" {
	run iofd raw,cmd=$IOMMU_IOAS_ALLOC,size=16,u8@12=1 raw,cmd=$IOMMU_IOAS_ALLOC,size=4096,u8@4095=0xff
	expect_output $'raw: E2BIG\nraw: E2BIG'
	# nothing was created by the refused calls
	run iofd ioas_alloc
	expect_output "ioas_alloc: ok out_ioas_id=1"
}

@test "zero bytes past the kernel struct are accepted" {
	run iofd raw,cmd=$IOMMU_IOAS_ALLOC,size=16 raw,cmd=$IOMMU_IOAS_ALLOC,size=4096
	expect_output $'raw: ok\nraw: ok'
}

@test "reply is min(user size, kernel size): bytes past the user's size are untouched" {
	# user size 16 (4 zero bytes past the 12-byte struct), sentinel at 16..23
	run iofd raw,cmd=$IOMMU_IOAS_ALLOC,size=16,len=24,u64@16=0xa5a5a5a5a5a5a5a5,dump
	expect_output "raw: ok out=10000000000000000100000000000000a5a5a5a5a5a5a5a5"
}

@test "unsupported flags are EOPNOTSUPP" {
	run iofd ioas_alloc,flags=1 ioas_alloc,flags=0x80000000 ioas_alloc
	expect_output $'ioas_alloc: EOPNOTSUPP\nioas_alloc: EOPNOTSUPP\nioas_alloc: ok out_ioas_id=1'
}

@test "reply that cannot be written is EFAULT and leaves no object behind" {
	run iofd raw,cmd=$IOMMU_IOAS_ALLOC,size=12,ptr=ro ioas_alloc destroy,id=2 destroy,id=1
	expect_output $'raw: EFAULT\nioas_alloc: ok out_ioas_id=1\ndestroy: ENOENT\ndestroy: ok'
	run live_objects
	expect_output "0"
}
