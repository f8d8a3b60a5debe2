#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Our port of the kernel selftest's iommufd_viommu fixture (README.md,
# "Upstream's selftests"; tests 1-8), one bats test per upstream TEST_F and variant.  viommu_selftest
# exits 0 for a pass, 1 for a failure (the reason on stderr) and 77 for a
# test that does not apply.

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

vst() { "$BIN/viommu_selftest" "$@"; }

# pass [--no-viommu] TEST: the test passes and leaves no object behind
pass() {
	run vst "$@"
	expect_status 0
	run live_objects
	expect_output 0
}

# skipped [--no-viommu] TEST REASON: the test does not apply, for REASON.
# The program must say so (status 77 and the reason); the test is then
# reported as skipped, not passed, as upstream's harness reports it.
skipped() {
	local reason=${*: -1}
	run vst "${@:1:$#-1}"
	expect_status 77
	expect_output "${*: -2:1}: SKIP: $reason"
	skip "$reason"
}

@test "mock_viommu.viommu_auto_destroy" { pass viommu_auto_destroy; }
@test "no_viommu.viommu_auto_destroy" { pass --no-viommu viommu_auto_destroy; }

@test "mock_viommu.viommu_negative_tests" { pass viommu_negative_tests; }
@test "no_viommu.viommu_negative_tests" { pass --no-viommu viommu_negative_tests; }

@test "mock_viommu.viommu_alloc_nested_iopf" { pass viommu_alloc_nested_iopf; }
@test "no_viommu.viommu_alloc_nested_iopf (skipped upstream too)" {
	skipped --no-viommu viommu_alloc_nested_iopf "Skipping test for variant no_viommu"
}

@test "mock_viommu.viommu_alloc_with_data" { pass viommu_alloc_with_data; }
@test "no_viommu.viommu_alloc_with_data (skipped upstream too)" {
	skipped --no-viommu viommu_alloc_with_data "Skipping test for variant no_viommu"
}

@test "mock_viommu.vdevice_alloc" { pass vdevice_alloc; }
@test "no_viommu.vdevice_alloc" { pass --no-viommu vdevice_alloc; }

@test "mock_viommu.vdevice_cache" { pass vdevice_cache; }
@test "no_viommu.vdevice_cache (skipped upstream too)" {
	skipped --no-viommu vdevice_cache "Skipping test for variant no_viommu"
}

@test "mock_viommu.hw_queue" { pass hw_queue; }
@test "no_viommu.hw_queue (skipped upstream too)" {
	skipped --no-viommu hw_queue "Skipping test for variant no_viommu"
}

@test "mock_viommu.vdevice_tombstone" { pass vdevice_tombstone; }
@test "no_viommu.vdevice_tombstone (skipped upstream too)" {
	skipped --no-viommu vdevice_tombstone "Skipping test for variant no_viommu"
}

@test "an unknown test name is a usage error (status 2)" {
	run vst no_such_test
	expect_status 2
}
