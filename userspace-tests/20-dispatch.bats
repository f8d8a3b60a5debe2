#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# The common ioctl dispatch rules of upstream iommufd (README.md, "Supported ioctls").

load helpers

setup_file() { load_module; }
teardown_file() { unload_module; }

@test "ioctl number below the iommufd range is ENOTTY" {
	steps
	step "raw,cmd=0x3b7f,size=12" 'raw: ENOTTY'
	run_steps
}

@test "ioctl number past the last command (0xc0) is ENOTTY" {
	steps
	step "raw,cmd=0x3bff,size=12" 'raw: ENOTTY'
	run_steps
}

@test "hole in the command table is ENOTTY" {
	steps
	step "raw,cmd=0x3b9f,size=12" 'raw: ENOTTY'
	run_steps
}

@test "another ioctl type with an iommufd number is ENOTTY" {
	# _IO('A', 0x81): same nr as IOAS_ALLOC, other type
	steps
	step "raw,cmd=0x4181,size=12" 'raw: ENOTTY'
	run_steps
}

@test "known number with direction and size bits set is ENOTTY" {
	# _IOWR(';', 0x81, 12)
	steps
	step "raw,cmd=0xc00c3b81,size=12" 'raw: ENOTTY'
	run_steps
}

@test "unknown number with a bad pointer is ENOTTY (number checked first)" {
	steps
	step "raw,cmd=0x3b7f,ptr=bad" 'raw: ENOTTY'
	run_steps
}

@test "unreadable size field is EFAULT, before the table lookup" {
	steps
	step "raw,cmd=$IOMMU_IOAS_ALLOC,ptr=bad" 'raw: EFAULT'
	step "raw,cmd=0x3b9f,ptr=bad" 'raw: EFAULT'
	step "raw,cmd=$IOMMU_IOAS_ALLOC,ptr=null" 'raw: EFAULT'
	run_steps
}

@test "size below the minimum is EINVAL" {
	steps
	step "ioas_alloc,size=11" 'ioas_alloc: EINVAL'
	step "ioas_alloc,size=0" 'ioas_alloc: EINVAL'
	step "destroy,size=7" 'destroy: EINVAL'
	step "destroy,size=4" 'destroy: EINVAL'
	run_steps
}

@test "non-zero bytes past the kernel struct are E2BIG" {
	steps
	step "raw,cmd=$IOMMU_IOAS_ALLOC,size=16,u8@12=1" 'raw: E2BIG'
	step "raw,cmd=$IOMMU_IOAS_ALLOC,size=4096,u8@4095=0xff" 'raw: E2BIG'
	run_steps
	# nothing was created by the refused calls
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	run_steps
}

@test "zero bytes past the kernel struct are accepted" {
	steps
	step "raw,cmd=$IOMMU_IOAS_ALLOC,size=16" 'raw: ok'
	step "raw,cmd=$IOMMU_IOAS_ALLOC,size=4096" 'raw: ok'
	run_steps
}

@test "reply is min(user size, kernel size): bytes past the user's size are untouched" {
	# user size 16 (4 zero bytes past the 12-byte struct), sentinel at 16..23
	steps
	step "raw,cmd=$IOMMU_IOAS_ALLOC,size=16,len=24,u64@16=0xa5a5a5a5a5a5a5a5,dump" \
		'raw: ok out=10000000000000000100000000000000a5a5a5a5a5a5a5a5'
	run_steps
}

@test "unsupported flags are EOPNOTSUPP" {
	steps
	step "ioas_alloc,flags=1" 'ioas_alloc: EOPNOTSUPP'
	step "ioas_alloc,flags=0x80000000" 'ioas_alloc: EOPNOTSUPP'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	run_steps
}

@test "reply that cannot be written is EFAULT and leaves no object behind" {
	steps
	step "raw,cmd=$IOMMU_IOAS_ALLOC,size=12,ptr=ro" 'raw: EFAULT'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "destroy,id=2" 'destroy: ENOENT'
	step "destroy,id=1" 'destroy: ok'
	run_steps
	run live_objects
	expect_output "0"
}
