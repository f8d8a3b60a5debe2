#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Loading, unloading, the device node and module parameters.

load helpers

setup() { unload_module; }
teardown() {
	kill_holders
	unload_module
}

@test "module loads and unloads" {
	run kmodctl insert "$KO"
	expect_output "ok"
	run kmodctl state $MOD
	expect_output "live"
	run kmodctl remove $MOD
	expect_output "ok"
	run kmodctl state $MOD
	expect_output "absent"
}

@test "device node is a misc char device with mode 0600" {
	load_module
	[ -c "$DEV" ]
	run stat -c '%a %t' "$DEV"
	# mode 600, major 10 (misc) in hex
	expect_output "600 a"
	run cat /sys/class/misc/iommufd-sim/dev
	[[ "$output" == 10:* ]]
}

@test "modinfo reports the version from dkms.conf and the devname parameter" {
	version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$REPO/dkms.conf")
	run modinfo -F version "$KO"
	expect_output "$version"
	run modinfo -F parm "$KO"
	grep -q '^devname:name of the device node under /dev' <<<"$output"
	grep -q '^cmdqv_engine_manual:' <<<"$output"
	load_module
	run cat /sys/module/$MOD/version
	expect_output "$version"
	run cat /sys/module/$MOD/parameters/devname
	expect_output "iommufd-sim"
}

@test "devname= names the device node" {
	load_module devname=iommufd-sim-test
	[ -c /dev/iommufd-sim-test ]
	[ ! -e /dev/iommufd-sim ]
	IOMMUFD_SIM_DEV=/dev/iommufd-sim-test run iofd ioas_alloc
	expect_output "ioas_alloc: ok out_ioas_id=1"
}

@test "devname= of a taken misc name fails to load with a clear message" {
	[ -e /sys/class/misc/cpu_dma_latency ]
	dmesg_mark
	run kmodctl insert "$KO" devname=cpu_dma_latency
	expect_status 1
	expect_output "EBUSY"
	run kmodctl state $MOD
	expect_output "absent"
	run dmesg_since_mark
	[[ "$output" == *"iommufd_sim: /dev/cpu_dma_latency is already registered by another driver"* ]]
	# the other driver's node is untouched
	[ -c /dev/cpu_dma_latency ]
}

@test "devname= with a slash or empty is refused with EINVAL" {
	run kmodctl insert "$KO" devname=a/b
	expect_output "EINVAL"
	run kmodctl insert "$KO" devname=
	expect_output "EINVAL"
	run kmodctl state $MOD
	expect_output "absent"
}

@test "rmmod fails while an fd is open and succeeds after close" {
	load_module
	start_holder ioas_alloc
	run kmodctl refcnt $MOD
	expect_output "1"
	run kmodctl remove $MOD
	expect_output "EAGAIN"
	run kmodctl state $MOD
	expect_output "live"
	stop_holder
	run kmodctl refcnt $MOD
	expect_output "0"
	run kmodctl remove $MOD
	expect_output "ok"
}

@test "20 load/unload cycles with fds opened and closed in between" {
	for i in $(seq 20); do
		run kmodctl insert "$KO"
		expect_output "ok"
		run iofd ioas_alloc ioas_alloc fd=1 ioas_alloc close fd=0 destroy,id=1
		expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_alloc: ok out_ioas_id=2\nioas_alloc: ok out_ioas_id=1\ndestroy: ok'
		run kmodctl remove $MOD
		expect_output "ok"
	done
}
