#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# scripts/lib/uapi-compare, the field-by-field check of uapi/linux/iommufd.h
# against Linux's own header (README, "Upstream's selftests"), tested with
# altered copies of our own header standing in for Linux's: each kind of
# difference must be found.  The real comparison is a step of scripts/check.

REPO=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
CMP=$REPO/scripts/lib/uapi-compare

# as_upstream SED_SCRIPT: a copy of our header, changed by SED_SCRIPT, as
# the "Linux" header in $BATS_TEST_TMPDIR/up
as_upstream() {
	mkdir -p "$BATS_TEST_TMPDIR/up/linux"
	sed "$1" "$REPO/uapi/linux/iommufd.h" >"$BATS_TEST_TMPDIR/up/linux/iommufd.h"
}

# differs SED_SCRIPT: against that header, uapi-compare fails (status 1)
differs() {
	as_upstream "$1"
	run "$CMP" "$BATS_TEST_TMPDIR/up"
	[ "$status" -eq 1 ]
}

@test "uapi-compare: an identical header matches, and the counts are printed" {
	as_upstream ''
	run "$CMP" "$BATS_TEST_TMPDIR/up"
	[ "$status" -eq 0 ]
	[[ "$output" == *"matches"*" structs, "*" members, "*" enum constants, "*" macros" ]]
}

@test "uapi-compare: a member at another offset is a difference" {
	# efr and efr2 swapped in "Linux's" header
	differs '/^\t__aligned_u64 efr;$/{N;s/\(.*\)\n\(.*\)/\2\n\1/}'
	[[ "$output" == *"-field iommu_hw_info_amd.efr offset 8 size 8"* ]]
	[[ "$output" == *"+field iommu_hw_info_amd.efr offset 0 size 8"* ]]
}

@test "uapi-compare: a member of another size is a difference" {
	differs 's/^\t__aligned_u64 efr2;$/\t__u32 efr2;/'
	[[ "$output" == *"-field iommu_hw_info_amd.efr2 offset 8 size 4"* ]]
}

@test "uapi-compare: an enum constant of another value is a difference" {
	differs 's/IOMMU_HW_INFO_TYPE_AMD = 4,/IOMMU_HW_INFO_TYPE_AMD = 5,/'
	[[ "$output" == *"-enum IOMMU_HW_INFO_TYPE_AMD 5"* ]]
}

@test "uapi-compare: a struct, member or constant we lack is named" {
	differs 's/^\tIOMMU_HW_INFO_TYPE_AMD = 4,$/&\n\tIOMMU_HW_INFO_TYPE_NEW = 9,/; s/^\t__aligned_u64 efr2;$/&\n\t__aligned_u64 efr3;/'
	[[ "$output" == *"IOMMU_HW_INFO_TYPE_NEW"* ]]
	[[ "$output" == *"efr3"* ]]
	[[ "$output" == *"lacks the names above"* ]]
}

@test "uapi-compare: an ioctl number of another value is a difference" {
	as_upstream 's/^#define IOMMU_DESTROY _IO(IOMMUFD_TYPE, IOMMUFD_CMD_DESTROY)/#define IOMMU_DESTROY _IO(IOMMUFD_TYPE, 0x7f)/'
	grep -q '0x7f' "$BATS_TEST_TMPDIR/up/linux/iommufd.h"
	run "$CMP" "$BATS_TEST_TMPDIR/up"
	[ "$status" -eq 1 ]
	[[ "$output" == *"-macro IOMMU_DESTROY "* ]]
}

@test "uapi-compare: without Linux's header it says what to run" {
	run "$CMP" "$BATS_TEST_TMPDIR/none"
	[ "$status" -eq 1 ]
	[[ "$output" == *"run scripts/upstream-selftests"* ]]
}
