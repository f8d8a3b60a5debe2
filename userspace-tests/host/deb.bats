#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# The Debian packages (make deb, debian/), on the host: how they are built,
# what they contain, lintian, and installing, upgrading and purging them in a
# bookworm chroot with two kernels' headers (scripts/deb-test-chroot, cached
# in /var/cache/iommufd-sim/deb-test).  Each chroot test works on an overlay
# of the cached chroot, so the cache is never changed.  The tests that need
# the module loaded are in userspace-tests/98-deb.bats (in the VM).

REPO=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)

setup_file() {
	VERSION=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$REPO/dkms.conf")
	# The "next release", for the upgrade test: a version dpkg orders after.
	NEXT=$VERSION.1
	DEBS=$BATS_FILE_TMPDIR/deb
	NEXT_DEBS=$BATS_FILE_TMPDIR/deb-next
	CHROOT=$("$REPO/scripts/deb-test-chroot")
	KERNELS=$("$REPO/scripts/deb-test-chroot" --kernels | tr '\n' ' ')
	export VERSION NEXT DEBS NEXT_DEBS CHROOT KERNELS
	"$REPO/scripts/build-deb" --out "$DEBS" >/dev/null
	"$REPO/scripts/build-deb" --out "$NEXT_DEBS" --version "$NEXT" >/dev/null
	# The install, upgrade and purge tests continue on one overlay, in order.
	OV=$BATS_FILE_TMPDIR/ov
	mkdir -p "$OV"/{upper,work,merged}
	export OV
}

# in_chroot CMD...: run CMD in the chroot overlay $OV (upper dir kept between
# calls), with the packages of this run under /mnt/deb and /mnt/deb-next.
# The mounts live in a private mount namespace and go when CMD ends.
in_chroot() {
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare --mount --fork sh -ec '
		ov=$1 lower=$2 debs=$3 next=$4
		shift 4
		mount -t overlay overlay \
			-o "lowerdir=$lower,upperdir=$ov/upper,workdir=$ov/work" "$ov/merged"
		mount -t proc proc "$ov/merged/proc"
		mkdir -p "$ov/merged/mnt/deb" "$ov/merged/mnt/deb-next"
		mount --bind -o ro "$debs" "$ov/merged/mnt/deb"
		mount --bind -o ro "$next" "$ov/merged/mnt/deb-next"
		exec chroot "$ov/merged" "$@"' sh "$OV" "$CHROOT" "$DEBS" "$NEXT_DEBS" \
		env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

# Every path of the chroot but what changes on its own (logs, apt's caches
# and lists, /tmp, the mount points of in_chroot).
file_list() {
	# shellcheck disable=SC2016
	in_chroot sh -c 'find / -xdev \( -path /var/log -o -path /var/cache/apt \
		-o -path /var/lib/apt/lists -o -path /tmp -o -path /mnt \) -prune \
		-o -print | LC_ALL=C sort'
}

# The state of the chain of chroot tests: each needs the one before it.
mark_done() { touch "$BATS_FILE_TMPDIR/done-$1"; }
need_done() {
	[ -e "$BATS_FILE_TMPDIR/done-$1" ] || {
		echo "needs the test '$1' before it to have passed" >&2
		return 1
	}
}

expect_eq() { # expect_eq EXPECTED ACTUAL
	if [ "$1" != "$2" ]; then
		printf 'expected:\n%s\nactual:\n%s\n' "$1" "$2" >&2
		return 1
	fi
}

# dkms status lines of iommufd-sim, without the architecture
dkms_status() {
	in_chroot dkms status iommufd-sim | sed 's/, x86_64:/:/' | LC_ALL=C sort
}

expected_status() { # expected_status VERSION
	local k
	for k in $KERNELS; do
		echo "iommufd-sim/$1, $k: installed"
	done | LC_ALL=C sort
}

@test "debian/changelog carries dkms.conf's PACKAGE_VERSION" {
	run dpkg-parsechangelog -l "$REPO/debian/changelog" -S Version
	[ "$status" -eq 0 ]
	expect_eq "$VERSION" "$output"
}

@test "a dkms.conf version that debian/changelog does not carry stops the build, naming both" {
	mkdir "$BATS_TEST_TMPDIR/src"
	cp -a "$REPO/Makefile" "$REPO/dkms.conf" "$REPO/README.md" "$REPO/module" \
		"$REPO/uapi" "$REPO/packaging" "$REPO/debian" "$BATS_TEST_TMPDIR/src/"
	sed -i 's/^PACKAGE_VERSION=.*/PACKAGE_VERSION="9.9.9"/' "$BATS_TEST_TMPDIR/src/dkms.conf"
	cd "$BATS_TEST_TMPDIR/src"
	run dpkg-buildpackage -b -us -uc
	[ "$status" -ne 0 ]
	[[ "$output" == *"debian/changelog says $VERSION, dkms.conf says 9.9.9"* ]]
	[ -z "$(ls "$BATS_TEST_TMPDIR"/*.deb 2>/dev/null)" ]
}

@test "make deb builds iommufd-sim-dkms_<version>_all.deb and iommufd-sim-dev_<version>_all.deb and writes nothing else in the tree" {
	local tree=$BATS_TEST_TMPDIR/tree
	mkdir "$tree"
	cp -a "$REPO/Makefile" "$REPO/dkms.conf" "$REPO/README.md" "$REPO/module" \
		"$REPO/uapi" "$REPO/packaging" "$REPO/debian" "$REPO/scripts" "$tree/"
	# every path and content before, compared after
	snapshot() { (cd "$tree" && find . -mindepth 1 -path ./build -prune -o -print0 |
		LC_ALL=C sort -z | xargs -0 stat -c '%n %s %Y %a'); }
	local before
	before=$(snapshot)
	run make -C "$tree" deb
	[ "$status" -eq 0 ]
	run ls "$tree/build/deb"
	expect_eq "iommufd-sim-dev_${VERSION}_all.deb
iommufd-sim-dkms_${VERSION}_all.deb
iommufd-sim_${VERSION}_amd64.buildinfo
iommufd-sim_${VERSION}_amd64.changes" "$output"
	expect_eq "$before" "$(snapshot)"
}

@test "lintian (pedantic) reports no tag on the packages" {
	run lintian --fail-on error,warning,info,pedantic --pedantic --display-info \
		"$DEBS/iommufd-sim_${VERSION}_amd64.changes"
	expect_eq "" "$(echo "$output" | grep -v 'running with root privileges')"
	[ "$status" -eq 0 ]
}

@test "the dkms package ships the top Makefile, dkms.conf and the module and uAPI sources, nothing built" {
	local src=usr/src/iommufd-sim-$VERSION expected
	expected=$(
		cd "$REPO"
		echo "./$src/Makefile"
		echo "./$src/dkms.conf"
		find module uapi -type f \( -name '*.[ch]' -o -name Kbuild \) ! -name '*.mod.c' |
			sed "s|^|./$src/|"
	)
	run sh -c "dpkg-deb -c '$DEBS/iommufd-sim-dkms_${VERSION}_all.deb' | awk '{ print \$6 }' | grep '^./usr/src/.*[^/]\$'"
	expect_eq "$(echo "$expected" | LC_ALL=C sort)" "$(echo "$output" | LC_ALL=C sort)"
	# and dkms.conf is the tree's, AUTOINSTALL included
	dpkg-deb -x "$DEBS/iommufd-sim-dkms_${VERSION}_all.deb" "$BATS_TEST_TMPDIR/x"
	cmp "$REPO/dkms.conf" "$BATS_TEST_TMPDIR/x/$src/dkms.conf"
	grep -qx 'AUTOINSTALL="yes"' "$BATS_TEST_TMPDIR/x/$src/dkms.conf"
}

@test "the dkms package installs the udev rule, the KVM companion's modprobe rule and the modprobe.d and modules-load.d examples, nothing under /etc" {
	run sh -c "dpkg-deb -c '$DEBS/iommufd-sim-dkms_${VERSION}_all.deb' | awk '{ print \$6 }' | grep -v '^./usr/src/'"
	[[ "$output" == *"./lib/udev/rules.d/60-iommufd-sim.rules"* ]]
	[[ "$output" == *"./lib/modprobe.d/iommufd-sim-kvm.conf"* ]]
	[[ "$output" == *"./usr/share/doc/iommufd-sim-dkms/examples/modprobe.d/iommufd-sim.conf"* ]]
	[[ "$output" == *"./usr/share/doc/iommufd-sim-dkms/examples/modules-load.d/iommufd-sim.conf"* ]]
	[[ "$output" == *"./usr/share/doc/iommufd-sim-dkms/README.Debian"* ]]
	[[ "$output" != *"./etc/"* ]]
	# no conffiles: nothing is configured by installing the package
	dpkg-deb -e "$DEBS/iommufd-sim-dkms_${VERSION}_all.deb" "$BATS_TEST_TMPDIR/ctl"
	[ ! -e "$BATS_TEST_TMPDIR/ctl/conffiles" ]
}

@test "the dev package installs the uAPI headers under /usr/include/iommufd-sim/linux and iommufd-sim.pc" {
	run sh -c "dpkg-deb -c '$DEBS/iommufd-sim-dev_${VERSION}_all.deb' | awk '{ print \$6 }' | grep '[^/]\$'"
	expect_eq "./usr/include/iommufd-sim/linux/iommufd.h
./usr/include/iommufd-sim/linux/iommufd_sim.h
./usr/include/iommufd-sim/linux/iommufd_sim_vfio.h
./usr/share/doc/iommufd-sim-dev/README.md.gz
./usr/share/doc/iommufd-sim-dev/changelog.gz
./usr/share/doc/iommufd-sim-dev/copyright
./usr/share/pkgconfig/iommufd-sim.pc" "$output"
	dpkg-deb -x "$DEBS/iommufd-sim-dev_${VERSION}_all.deb" "$BATS_TEST_TMPDIR/x"
	cmp "$REPO/uapi/linux/iommufd.h" "$BATS_TEST_TMPDIR/x/usr/include/iommufd-sim/linux/iommufd.h"
	cmp "$REPO/uapi/linux/iommufd_sim.h" "$BATS_TEST_TMPDIR/x/usr/include/iommufd-sim/linux/iommufd_sim.h"
	cmp "$REPO/uapi/linux/iommufd_sim_vfio.h" "$BATS_TEST_TMPDIR/x/usr/include/iommufd-sim/linux/iommufd_sim_vfio.h"
}

@test "chroot: pkg-config --cflags iommufd-sim names the installed headers, and a client builds with them alone" {
	# a fresh overlay of its own: only the dev package, no DKMS
	local OV=$BATS_TEST_TMPDIR/ov
	mkdir -p "$OV"/{upper,work,merged}
	run in_chroot apt-get install -y -q "/mnt/deb/iommufd-sim-dev_${VERSION}_all.deb"
	[ "$status" -eq 0 ]
	run in_chroot pkg-config --cflags iommufd-sim
	expect_eq "-I/usr/include/iommufd-sim" "${output% }"
	run in_chroot pkg-config --modversion iommufd-sim
	expect_eq "$VERSION" "$output"
	in_chroot sh -c 'cat >/root/pkgconfig_client.c' <"$REPO/userspace-tests/deb/pkgconfig_client.c"
	# without the flags the headers are nowhere (bookworm's linux-libc-dev
	# has no linux/iommufd.h, and nothing but the package has iommufd_sim.h)
	run in_chroot gcc -o /root/client /root/pkgconfig_client.c
	[ "$status" -ne 0 ]
	[[ "$output" == *"fatal error: linux/iommufd"*".h: No such file or directory"* ]]
	# shellcheck disable=SC2016
	run in_chroot sh -c 'gcc -Wall -Wextra -Werror $(pkg-config --cflags iommufd-sim) -o /root/client /root/pkgconfig_client.c'
	[ "$status" -eq 0 ]
	in_chroot test -x /root/client
}

@test "chroot: apt-get install builds and installs the module with DKMS for both kernels with headers" {
	[ "$(echo "$KERNELS" | wc -w)" -eq 2 ]
	file_list >"$BATS_FILE_TMPDIR/files-before"
	run in_chroot apt-get install -y -q "/mnt/deb/iommufd-sim-dkms_${VERSION}_all.deb" \
		"/mnt/deb/iommufd-sim-dev_${VERSION}_all.deb"
	[ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
	expect_eq "$(expected_status "$VERSION")" "$(dkms_status)"
	local k ko
	for k in $KERNELS; do
		# compressed as the kernel's own modules are (.ko.xz on 6.12)
		ko=$(in_chroot sh -c "ls /lib/modules/$k/updates/dkms/iommufd_sim.ko*")
		run in_chroot modinfo -F version "$ko"
		expect_eq "$VERSION" "$output"
		run in_chroot modinfo -F vermagic "$ko"
		[[ "$output" == "$k "* ]]
		# and its KVM companion, which needs it
		ko=$(in_chroot sh -c "ls /lib/modules/$k/updates/dkms/iommufd_sim_kvm.ko*")
		run in_chroot modinfo -F depends "$ko"
		expect_eq "iommufd_sim" "$output"
	done
	mark_done install
}

@test "chroot: upgrading to the next version's packages rebuilds for both kernels and leaves nothing of the old one" {
	need_done install
	run in_chroot apt-get install -y -q "/mnt/deb-next/iommufd-sim-dkms_${NEXT}_all.deb" \
		"/mnt/deb-next/iommufd-sim-dev_${NEXT}_all.deb"
	[ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
	# shellcheck disable=SC2016 # a dpkg-query format
	run in_chroot dpkg-query -W -f '${Version}\n' iommufd-sim-dkms iommufd-sim-dev
	expect_eq "$NEXT
$NEXT" "$output"
	expect_eq "$(expected_status "$NEXT")" "$(dkms_status)"
	local k ko
	for k in $KERNELS; do
		ko=$(in_chroot sh -c "ls /lib/modules/$k/updates/dkms/iommufd_sim.ko*")
		run in_chroot modinfo -F version "$ko"
		expect_eq "$NEXT" "$output"
	done
	# only the new version's sources and DKMS tree
	run in_chroot sh -c "ls -d /usr/src/iommufd-sim-* /var/lib/dkms/iommufd-sim/[0-9]*"
	expect_eq "/usr/src/iommufd-sim-$NEXT
/var/lib/dkms/iommufd-sim/$NEXT" "$output"
	run in_chroot pkg-config --modversion iommufd-sim
	expect_eq "$NEXT" "$output"
	mark_done upgrade
}

@test "chroot: apt-get purge leaves no file behind (both kernels, after the upgrade)" {
	need_done upgrade
	run in_chroot apt-get purge -y -q iommufd-sim-dkms iommufd-sim-dev
	[ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
	file_list >"$BATS_FILE_TMPDIR/files-after"
	# DKMS's own signing key, made at its first build, is dkms's and stays on
	# purpose (README.Debian, "Secure Boot"); it is not of this package.
	run diff "$BATS_FILE_TMPDIR/files-before" "$BATS_FILE_TMPDIR/files-after"
	expect_eq "> /var/lib/dkms/mok.key
> /var/lib/dkms/mok.pub" "$(echo "$output" | grep '^[<>]')"
	run in_chroot dkms status
	expect_eq "" "$output"
}
