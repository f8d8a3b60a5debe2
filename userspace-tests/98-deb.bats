#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# The Debian packages in the VM (whose root is a throw-away overlay): DKMS
# builds the module for the running kernel, modprobe loads it, the udev rule
# sets the nodes' group and mode, a client built with pkg-config runs, the
# modprobe.d and modules-load.d examples work once copied, and purge leaves
# nothing.  The packages are build/deb/*.deb, built on the host by
# scripts/check (make deb).  The tests run in order: each needs the install.

load helpers

setup_file() {
	VERSION=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$REPO/dkms.conf")
	KVER=$(uname -r)
	DKMS_DEB=$REPO/build/deb/iommufd-sim-dkms_${VERSION}_all.deb
	DEV_DEB=$REPO/build/deb/iommufd-sim-dev_${VERSION}_all.deb
	export VERSION KVER DKMS_DEB DEV_DEB
	unload_module
	# udevd applies the rules to the module's uevents, as on a booted system
	# bats waits for every process holding its fds (3 included): none kept
	/lib/systemd/systemd-udevd --daemon </dev/null >/dev/null 2>&1 3>&-
	udevadm settle
}

teardown_file() {
	modprobe -r iommufd_sim 2>/dev/null || true
	# With "udevadm control --exit" here, bats never ended (the VM ran
	# into its timeout); setup_file's udevd was the one process left
	# besides bats, so it is killed, and bats then ends
	pkill -KILL -x systemd-udevd 2>/dev/null || true
}

# The places the packages write to (the chroot test of host/deb.bats
# compares the whole file system; walking all of it over 9p under TCG takes
# minutes, so here only these).
package_paths() {
	{
		find /usr/src /var/lib/dkms "/lib/modules/$KVER/updates" /lib/udev/rules.d \
			/usr/include /usr/share/pkgconfig /etc/modprobe.d /etc/modules-load.d \
			/etc/udev -xdev -print
		find /usr/share/doc /var/lib/dpkg/info -maxdepth 1 -print
	} 2>/dev/null | LC_ALL=C sort
}

mark_done() { touch "$BATS_FILE_TMPDIR/done-$1"; }
need_done() {
	[ -e "$BATS_FILE_TMPDIR/done-$1" ] || {
		echo "needs the test '$1' before it to have passed" >&2
		return 1
	}
}

node_owner() { stat -c '%U %G %a' "$1"; }

@test "deb: without the package's udev rule the node is root's, mode 0600" {
	[ ! -e /lib/udev/rules.d/60-iommufd-sim.rules ]
	load_module
	udevadm settle
	run node_owner "$DEV"
	expect_output "root root 600"
	unload_module
}

@test "deb: apt-get install builds the module with DKMS for the running kernel and modprobe loads it" {
	[ -f "$DKMS_DEB" ] && [ -f "$DEV_DEB" ] || {
		echo "no $DKMS_DEB or $DEV_DEB: run make deb on the host first" >&2
		return 1
	}
	package_paths >"$BATS_FILE_TMPDIR/paths-before"
	run apt-get install -y -q "$DKMS_DEB" "$DEV_DEB"
	expect_status 0
	run dkms status iommufd-sim
	expect_output "iommufd-sim/$VERSION, $KVER, $(uname -m): installed"
	run modprobe iommufd_sim
	expect_status 0
	run modinfo -n iommufd_sim
	expect_output "/lib/modules/$KVER/updates/dkms/iommufd_sim.ko"
	run cat /sys/module/iommufd_sim/version
	expect_output "$VERSION"
	run iofd ioas_alloc destroy,id=1
	expect_output $'ioas_alloc: ok out_ioas_id=1\ndestroy: ok'
	mark_done install
}

@test "deb: the udev rule gives /dev/iommufd-sim to group kvm, mode 0660, which a kvm member opens without root" {
	need_done install
	modprobe -r iommufd_sim
	modprobe iommufd_sim
	udevadm settle
	run node_owner "$DEV"
	expect_output "root kvm 660"
	kvm=$(getent group kvm | cut -d: -f3)
	run setpriv --reuid=65534 --regid=65534 --groups="$kvm" sh -c "exec 3<>$DEV && echo opened"
	expect_output "opened"
	run setpriv --reuid=65534 --regid=65534 --clear-groups sh -c "exec 3<>$DEV && echo opened"
	[ "$status" -ne 0 ]
	[[ "$output" == *"Permission denied"* ]]
	modprobe -r iommufd_sim
}

@test "deb: the udev rule gives a simulated VFIO node, /dev/iommufd-sim-vfio*, to group kvm, mode 0660" {
	need_done install
	# a misc node of that name stands for the VFIO device nodes to come
	modprobe iommufd_sim devname=iommufd-sim-vfio0
	udevadm settle
	run node_owner /dev/iommufd-sim-vfio0
	expect_output "root kvm 660"
	modprobe -r iommufd_sim
}

@test "deb: a client built with pkg-config --cflags iommufd-sim against the installed headers runs against the module" {
	need_done install
	run pkg-config --cflags iommufd-sim
	output=${output% } # pkg-config ends the flags with a space
	expect_output "-I/usr/include/iommufd-sim"
	cp "$REPO/userspace-tests/deb/pkgconfig_client.c" "$BATS_TEST_TMPDIR/"
	cd "$BATS_TEST_TMPDIR"
	# shellcheck disable=SC2046 # pkg-config's words are the flags
	gcc -Wall -Wextra -Werror $(pkg-config --cflags iommufd-sim) -o client pkgconfig_client.c
	modprobe iommufd_sim
	run ./client
	expect_output "ioas 1 stdev 2 idev 3 hwpt 4"
	modprobe -r iommufd_sim
}

@test "deb: the modprobe.d example, copied to /etc/modprobe.d, sets its parameters" {
	need_done install
	cp /usr/share/doc/iommufd-sim-dkms/examples/modprobe.d/iommufd-sim.conf /etc/modprobe.d/
	modprobe iommufd_sim
	run cat /sys/module/iommufd_sim/parameters/cmdqv_num_vintfs \
		/sys/module/iommufd_sim/parameters/cmdqv_lvcmdqs_per_vintf
	rm /etc/modprobe.d/iommufd-sim.conf
	modprobe -r iommufd_sim
	expect_output $'8\n4'
}

@test "deb: the modules-load.d example, copied to /etc/modules-load.d, loads the module (systemd-modules-load)" {
	need_done install
	[ "$(kmodctl state "$MOD")" = absent ]
	cp /usr/share/doc/iommufd-sim-dkms/examples/modules-load.d/iommufd-sim.conf /etc/modules-load.d/
	run /lib/systemd/systemd-modules-load
	rm /etc/modules-load.d/iommufd-sim.conf
	expect_status 0
	run kmodctl state "$MOD"
	expect_output "live"
	modprobe -r iommufd_sim
}

@test "deb: apt-get purge removes the module and leaves no file behind" {
	need_done install
	run apt-get purge -y -q iommufd-sim-dkms iommufd-sim-dev
	expect_status 0
	run dkms status iommufd-sim
	expect_output ""
	run modinfo iommufd_sim
	[ "$status" -ne 0 ]
	package_paths >"$BATS_FILE_TMPDIR/paths-after"
	# DKMS's signing key, made at its first build, is dkms's own and stays
	# (README.Debian, "Secure Boot").
	run sh -c "diff '$BATS_FILE_TMPDIR/paths-before' '$BATS_FILE_TMPDIR/paths-after' |
		grep '^[<>]' | grep -v -x -E '> /var/lib/dkms/mok\.(key|pub)'"
	expect_output ""
}
