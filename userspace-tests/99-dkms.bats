#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# DKMS: add, build, install, modprobe, remove, with nothing left behind.
# Runs in the VM, whose root is a throw-away overlay.

load helpers

setup_file() {
	VERSION=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$REPO/dkms.conf")
	KVER=$(uname -r)
	export VERSION KVER
	unload_module
	dkms remove -m iommufd-sim -v "$VERSION" --all >/dev/null 2>&1 || true
	rm -rf "/usr/src/iommufd-sim-$VERSION"
}

teardown_file() {
	modprobe -r iommufd_sim 2>/dev/null || true
	dkms remove -m iommufd-sim -v "$VERSION" --all >/dev/null 2>&1 || true
	rm -rf "/usr/src/iommufd-sim-$VERSION"
}

installed_modules() {
	find /lib/modules/"$KVER" -name 'iommufd_sim*.ko*' | sort
}

@test "dkms add, build, install, modprobe, remove --all leaves nothing behind" {
	# stage exactly what make install ships
	mkdir -p "/usr/src/iommufd-sim-$VERSION"
	cp -r "$REPO/Makefile" "$REPO/dkms.conf" "$REPO/uapi" "/usr/src/iommufd-sim-$VERSION/"
	mkdir "/usr/src/iommufd-sim-$VERSION/module"
	cp "$REPO"/module/*.[ch] "$REPO/module/Kbuild" "/usr/src/iommufd-sim-$VERSION/module/"
	rm -f "/usr/src/iommufd-sim-$VERSION/module/"*.mod.c

	run dkms add -m iommufd-sim -v "$VERSION"
	expect_status 0
	run dkms status iommufd-sim
	[[ "$output" == "iommufd-sim/$VERSION: added" ]]

	run dkms build -m iommufd-sim -v "$VERSION" -k "$KVER"
	if [ "$status" -ne 0 ]; then
		cat "/var/lib/dkms/iommufd-sim/$VERSION/build/make.log" >&2 || true
	fi
	expect_status 0
	run dkms status iommufd-sim
	[[ "$output" == "iommufd-sim/$VERSION, $KVER, "*": built" ]]

	run dkms install -m iommufd-sim -v "$VERSION" -k "$KVER"
	expect_status 0
	run dkms status iommufd-sim
	[[ "$output" == "iommufd-sim/$VERSION, $KVER, "*": installed" ]]
	run installed_modules
	[[ "${lines[0]}" == "/lib/modules/$KVER/updates/dkms/iommufd_sim.ko"* ]]
	[[ "${lines[1]}" == "/lib/modules/$KVER/updates/dkms/iommufd_sim_kvm.ko"* ]]
	[ "${#lines[@]}" -eq 2 ]
	run modinfo -F depends iommufd_sim_kvm
	expect_output "iommufd_sim"

	# the installed module is the one modprobe finds, with our version
	run modinfo -F version iommufd_sim
	expect_output "$VERSION"
	run modprobe iommufd_sim
	expect_status 0
	[ -c "$DEV" ]
	run iofd ioas_alloc destroy,id=1
	expect_output $'ioas_alloc: ok out_ioas_id=1\ndestroy: ok'
	run modprobe -r iommufd_sim
	expect_status 0
	[ ! -e "$DEV" ]

	run dkms remove -m iommufd-sim -v "$VERSION" --all
	expect_status 0
	run dkms status iommufd-sim
	expect_output ""
	run installed_modules
	expect_output ""
	[ ! -e /var/lib/dkms/iommufd-sim ]
	run modinfo iommufd_sim
	expect_status 1
}
