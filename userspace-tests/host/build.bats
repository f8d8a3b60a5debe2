#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Host-side checks of the build system (no VM).

REPO=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)

@test "make module without kernel headers names the Debian package to install" {
	run make -C "$REPO" module KERNELRELEASE=9.9.9-nothere KDIR=/nonexistent/build
	[ "$status" -ne 0 ]
	[[ "$output" == *"no kernel headers at /nonexistent/build"* ]]
	[[ "$output" == *"apt-get install linux-headers-9.9.9-nothere"* ]]
}

@test "dkms.conf builds for the kernel DKMS names, with AUTOINSTALL" {
	run grep -E '^MAKE\[0\]=' "$REPO/dkms.conf"
	[[ "$output" == *'KERNELRELEASE=${kernelver}'* ]]
	[[ "$output" == *'KDIR=${kernel_source_dir}'* ]]
	[[ "$output" != *'uname'* ]]
	run grep -E '^AUTOINSTALL="yes"$' "$REPO/dkms.conf"
	[ "$status" -eq 0 ]
}
