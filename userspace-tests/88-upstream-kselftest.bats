#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Linux's own iommufd selftests (tools/testing/selftests/iommu), unchanged,
# built by scripts/upstream-selftests against the same kernel's uAPI
# headers, run against the module loaded as /dev/iommu (README, "Upstream's
# selftests").  What each upstream test must do today is in
# userspace-tests/upstream/iommufd-SERIES.results: a test listed PASS that
# fails is a regression, and a test listed FAIL that passes means the list
# is out of date; both fail here, so the list always says what the module
# does.  One bats test per upstream fixture.

load helpers

UP=$REPO/build/upstream
RESULTS=$REPO/scripts/lib/kselftest-results

setup_file() {
	[ -x "$UP/iommufd" ] || return 0 # the first test says why
	load_module devname=iommu
	# the MAP_HUGETLB variants need huge pages (upstream's test setup)
	cat /proc/sys/vm/nr_hugepages >"$BATS_FILE_TMPDIR/hugepages"
	echo 128 >/proc/sys/vm/nr_hugepages
	# one run of the whole program; the tests below read its results
	local rc=0
	(cd "$BATS_FILE_TMPDIR" && "$UP/iommufd" >iommufd.tap 2>&1) || rc=$?
	echo $rc >"$BATS_FILE_TMPDIR/iommufd.rc"
	"$RESULTS" "$BATS_FILE_TMPDIR/iommufd.tap" >"$BATS_FILE_TMPDIR/iommufd.actual"
	live_objects >"$BATS_FILE_TMPDIR/live_objects"
	pinned >"$BATS_FILE_TMPDIR/pinned_pages"
}

teardown() { kill_holders; }

teardown_file() {
	[ ! -f "$BATS_FILE_TMPDIR/hugepages" ] ||
		cat "$BATS_FILE_TMPDIR/hugepages" >/proc/sys/vm/nr_hugepages
	unload_module
}

expected_list() { echo "$REPO/userspace-tests/upstream/iommufd-$(cat "$UP/SERIES").results"; }
# the list without its comment lines, for the running kernel: FAIL-ON-6.1
# is FAIL on a 6.1 kernel and PASS on the others (the list's header)
expected() {
	local r=PASS
	case $(uname -r) in 6.1.*) r=FAIL ;; esac
	grep -v '^#' "$(expected_list)" | sed "s/^FAIL-ON-6\.1 /$r /"
}

# fixture_as_listed FIXTURE: every test of FIXTURE ended as the list says,
# and the run has exactly the list's tests of FIXTURE
fixture_as_listed() {
	local exp act
	exp=$(expected | grep " $1\\.")
	act=$(grep " $1\\." "$BATS_FILE_TMPDIR/iommufd.actual")
	[ -n "$exp" ] || {
		echo "no test of fixture $1 in $(expected_list)"
		return 1
	}
	if [ "$exp" != "$act" ]; then
		echo "fixture $1: expected (-) and this run (+):"
		diff <(echo "$exp") <(echo "$act") | grep '^[<>]' | sed 's/^</-/; s/^>/+/'
		echo "(a - PASS / + FAIL line is a regression; a - FAIL / + PASS line means" \
			"userspace-tests/upstream/ is out of date: update it with the change)"
		return 1
	fi
}

@test "upstream's selftests are built, against their own kernel's uAPI headers" {
	[ -x "$UP/iommufd" ] || {
		echo "no $UP/iommufd: run scripts/upstream-selftests (scripts/check does)"
		return 1
	}
	run cat "$UP/VERSION"
	[[ $output == "linux-source-"*", linux-libc-dev "*", static" ]]
	[ -f "$(expected_list)" ] || {
		echo "no results list $(expected_list) for this kernel series"
		return 1
	}
}

@test "upstream's iommufd ran to its end: one result per listed test, totals printed" {
	run grep -c '' "$BATS_FILE_TMPDIR/iommufd.actual"
	expect_output "$(expected | grep -c '')"
	run grep '^# Totals: ' "$BATS_FILE_TMPDIR/iommufd.tap"
	expect_status 0
	# upstream's own summary, in the suite's log
	echo "# upstream iommufd ($(cat "$UP/VERSION")): ${output#\# }" >&3
	# the harness exits 1 when a test failed, never because of a crash
	run cat "$BATS_FILE_TMPDIR/iommufd.rc"
	if expected | grep -q '^FAIL '; then expect_output 1; else expect_output 0; fi
}

@test "upstream fixture iommufd" { fixture_as_listed iommufd; }
@test "upstream fixture change_process" { fixture_as_listed change_process; }
@test "upstream fixture iommufd_ioas" { fixture_as_listed iommufd_ioas; }
@test "upstream fixture iommufd_mock_domain" { fixture_as_listed iommufd_mock_domain; }
@test "upstream fixture iommufd_dirty_tracking" { fixture_as_listed iommufd_dirty_tracking; }
@test "upstream fixture vfio_compat_mock_domain" { fixture_as_listed vfio_compat_mock_domain; }
@test "upstream fixture iommufd_viommu" { fixture_as_listed iommufd_viommu; }
@test "upstream fixture iommufd_device_pasid" { fixture_as_listed iommufd_device_pasid; }

@test "after upstream's whole suite no object is alive and no page is pinned" {
	run cat "$BATS_FILE_TMPDIR/live_objects"
	expect_output 0
	run cat "$BATS_FILE_TMPDIR/pinned_pages"
	expect_output 0
}

# Without fault injection in the kernel (Debian's kernels), upstream's
# program skips every test itself; that is reported as a skip here.
@test "upstream's iommufd_fail_nth: every test passes, or all skip without fault injection" {
	run bash -c 'cd "$1" && "$2/iommufd_fail_nth" 2>&1' sh "$BATS_FILE_TMPDIR" "$UP"
	local tap=$output n skips
	n=$(echo "$tap" | "$RESULTS" | grep -c '')
	[ "$n" -gt 0 ]
	skips=$(echo "$tap" | "$RESULTS" | grep -c '^SKIP ' || true)
	if [ "$skips" = "$n" ]; then
		echo "$tap" | grep -q 'fault injection is not enabled'
		skip "the kernel has no fault injection: all $n upstream tests skipped"
	fi
	echo "$tap" | grep '^not ok' || true
	expect_status 0
	run bash -c 'echo "$1" | "$2" | grep -vc "^PASS "' sh "$tap" "$RESULTS"
	expect_output 0
}
