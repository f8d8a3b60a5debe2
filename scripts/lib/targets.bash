# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# Sourced by scripts/prepare-target and scripts/check: the test targets and
# how to reach their chroots (README, "Supported kernels").

# In the order scripts/check runs them.
# shellcheck disable=SC2034 # used by the scripts that source this
targets=(bookworm sid trixie sid-arm64)
targets_top=${IOMMUFD_SIM_TARGETS:-/var/cache/iommufd-sim/targets}

# The chroot a target builds in ("" for the host).
target_build_root() {
	case $1 in
	bookworm) echo "" ;;
	trixie) echo "$targets_top/trixie" ;;
	sid | sid-arm64) echo "$targets_top/sid" ;;
	*) return 1 ;;
	esac
}

# The root file system of a target's VM ("" for the host's /).
target_vm_root() {
	case $1 in
	sid-arm64) echo "$targets_top/sid/var/lib/iommufd-sim/arm64-root" ;;
	*) target_build_root "$1" ;;
	esac
}

target_arch() {
	case $1 in
	sid-arm64) echo arm64 ;;
	*) echo amd64 ;;
	esac
}

# in_chroot DIR CMD...: run CMD in chroot DIR, in a private mount namespace
# with /proc, /sys and /dev, so nothing stays mounted on the host.
in_chroot() {
	local dir=$1
	shift
	# shellcheck disable=SC2016 # expanded by that sh
	unshare --mount --fork --kill-child -- /bin/sh -c '
		d=$1; shift
		mount --make-rprivate / &&
		mount -t proc proc "$d/proc" &&
		mount -t sysfs sysfs "$d/sys" &&
		mount --rbind /dev "$d/dev" &&
		exec chroot "$d" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"' \
		sh "$dir" "$@"
}

# target_kernel DIR ARCH: the newest kernel of root DIR with modules (and,
# for amd64, an image in /boot and headers at /lib/modules/<v>/build).
target_kernel() {
	local d=$1 arch=$2 m v best=
	for m in "$d"/lib/modules/*; do
		[ -d "$m/kernel" ] || continue
		v=${m##*/}
		case $arch in
		amd64)
			[[ $v == *-amd64 ]] || continue
			[ -f "$d/boot/vmlinuz-$v" ] || continue
			[ -f "$m/build/Makefile" ] || continue
			;;
		arm64)
			[[ $v == *-arm64 ]] || continue
			;;
		esac
		best=$(printf '%s\n%s\n' "$best" "$v" | sed '/^$/d' | sort -V | tail -n1)
	done
	[ -n "$best" ] && echo "$best"
}

# The mirror URI of the host's own Debian sources (the one serving the
# host's release, not -security), read from deb822 .sources or sources.list.
mirror_uri() {
	local f uri
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		uri=$(awk '
			/^[[:space:]]*$/ { if (u != "" && s ~ /(^| )[a-z]+( |$)/ && u !~ /security/) { print u; exit } u = ""; s = ""; next }
			tolower($1) == "uris:" { u = $2 }
			tolower($1) == "suites:" { $1 = ""; s = $0 " " }
			END { if (u != "" && u !~ /security/) print u }' "$f" | head -n1)
		if [ -n "$uri" ]; then
			echo "${uri%/}"
			return
		fi
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { if ($i !~ /security/) { print $i; exit } break } }' "$f")
		if [ -n "$uri" ]; then
			echo "${uri%/}"
			return
		fi
	done
	return 1
}
