#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernels zgc is built against and tested on, cached in $ZGC_CACHE
# (default ~/.cache/zgc). Nothing here is installed into /boot or
# /lib/modules: images are unpacked into the cache and booted by vm.sh.
#
#   scripts/kernel.sh env LINE    LINE: 6.1 | 6.12 | debug
#	Make LINE's kernel available, then print on stdout only lines
#	NAME=value that sh can source:
#	  ZGC_KREL    uname -r of the kernel
#	  ZGC_KDIR    tree for `make -C $ZGC_KDIR M=<dir> modules`
#	  ZGC_KIMAGE  the bzImage to boot
#	  ZGC_KMODS   its lib/modules/$ZGC_KREL (with modules.dep)
#	6.1 and 6.12 are Debian's current images (resolved through apt at
#	every run, so a new upload is fetched); debug is built from
#	linux-source-6.12 with scripts/debug-kernel.config (~10 min).
#   scripts/kernel.sh source
#	Install linux-source-6.12, extract it to $ZGC_CACHE/linux-source-6.12
#	(kselftest framework, checkpatch.pl) and print that path.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=harness-lib.sh
. "$(dirname "$0")/harness-lib.sh"

FRAGMENT=$ZGC_TOP/scripts/debug-kernel.config

usage()
{
	sed -n '/^#   scripts/,/^set -e/p' "$0" | sed '$d; s/^#//' >&2
	exit 2
}

emit()
{
	printf 'ZGC_KREL=%s\nZGC_KDIR=%s\nZGC_KIMAGE=%s\nZGC_KMODS=%s\n' "$@"
}

# --- Debian's images -------------------------------------------------

# fetch_image PKG VERSION DIR: unpack the image package into DIR/root.
fetch_image()
{
	local pkg=$1 ver=$2 dir=$3 krel=${1#linux-image-} tmp

	ensure_pkgs kmod
	mkdir -p "$(dirname "$dir")"
	tmp=$(mktemp -d "$dir.tmp.XXXXXX")
	log "downloading $pkg $ver"
	# Root's apt would warn that _apt cannot write into the cache.
	(cd "$tmp" && apt-get -q -o APT::Sandbox::User="$(id -un)" \
		download "$pkg=$ver" >&2)
	dpkg -x "$tmp"/*.deb "$tmp/root"
	rm -f "$tmp"/*.deb
	[ -f "$tmp/root/boot/vmlinuz-$krel" ] || die "$pkg has no boot/vmlinuz-$krel"
	depmod -b "$tmp/root" "$krel"
	rm -rf "$dir"
	mv "$tmp" "$dir"
}

ensure_headers()
{
	local krel=$1

	[ -f "/usr/src/linux-headers-$krel/Makefile" ] && return 0
	log "installing linux-headers-$krel"
	if ! apt_get install "linux-headers-$krel"; then
		apt_update_once
		apt_get install "linux-headers-$krel"
	fi
}

debian_env()
{
	local line=$1 pkg ver krel dir

	pkg=$(apt_depends "${ZGC_IMAGE_META[$line]}" linux-image-)
	krel=${pkg#linux-image-}
	ver=$(apt_candidate "$pkg")
	[ -n "$ver" ] || die "no candidate version for $pkg"
	# Keyed by package version: a new upload of the same ABI is refetched.
	dir=$ZGC_CACHE/kernels/$krel/$(path_safe "$ver")
	[ -d "$dir/root/lib/modules/$krel" ] || fetch_image "$pkg" "$ver" "$dir"
	ensure_headers "$krel"
	emit "$krel" "/usr/src/linux-headers-$krel" \
		"$dir/root/boot/vmlinuz-$krel" "$dir/root/lib/modules/$krel"
}

# --- linux-source-6.12 -------------------------------------------------

src_version()
{
	dpkg-query -W -f='${Version}' "$ZGC_SRC_PKG"
}

src_tarball()
{
	local t

	t=$(dpkg-query -L "$ZGC_SRC_PKG" | grep -E "/$ZGC_SRC_PKG\.tar\.(xz|bz2|gz)$" | head -n 1)
	[ -f "$t" ] || die "$ZGC_SRC_PKG ships no tarball"
	echo "$t"
}

# extract_source DIR: the source tree, unpacked into DIR (replaced whole).
extract_source()
{
	local dir=$1 tmp

	mkdir -p "$(dirname "$dir")"
	tmp=$(mktemp -d "$dir.tmp.XXXXXX")
	log "extracting $(src_tarball) into $dir"
	tar -xaf "$(src_tarball)" -C "$tmp"
	rm -rf "$dir"
	mv "$tmp/$ZGC_SRC_PKG" "$dir"
	rmdir "$tmp"
}

source_cmd()
{
	local dir=$ZGC_CACHE/$ZGC_SRC_PKG ver stamp

	ensure_pkgs "$ZGC_SRC_PKG" xz-utils
	ver=$(src_version)
	stamp=$dir/.zgc-extracted
	take_lock source
	if [ -f "$stamp" ]; then
		[ "$(cat "$stamp")" = "$ver" ] || extract_source "$dir"
	elif [ -f "$dir/tools/testing/selftests/lib.mk" ] &&
	     [ -f "$dir/scripts/checkpatch.pl" ]; then
		# Extracted by hand, before stamps existed: adopt it.
		:
	else
		extract_source "$dir"
	fi
	echo "$ver" >"$stamp"
	echo "$dir"
}

# --- the debug kernel --------------------------------------------------

# check_config FRAGMENT CONFIG: every option FRAGMENT sets must be set the
# same way in CONFIG (olddefconfig silently drops what has unmet deps).
check_config()
{
	awk '
	FNR == NR {
		if (match($0, /^CONFIG_[A-Za-z0-9_]+=/))
			want[substr($0, 1, RLENGTH - 1)] = $0
		else if ($0 ~ /^# CONFIG_[A-Za-z0-9_]+ is not set$/)
			want[$2] = "n"
		next
	}
	match($0, /^CONFIG_[A-Za-z0-9_]+=/) { have[substr($0, 1, RLENGTH - 1)] = $0 }
	END {
		for (k in want) {
			got = (k in have) ? have[k] : "n"
			if (got != want[k]) {
				printf "  %s: wanted %s, got %s\n", k, want[k], got
				bad++
			}
		}
		exit bad > 0
	}' "$1" "$2"
}

configure_debug()
{
	local tree=$1 bad

	log "configuring $tree with $FRAGMENT"
	make -C "$tree" -s allnoconfig >&2
	(cd "$tree" && scripts/kconfig/merge_config.sh -m .config "$FRAGMENT" >/dev/null)
	make -C "$tree" -s olddefconfig >&2
	if ! bad=$(check_config "$FRAGMENT" "$tree/.config"); then
		log "options of $FRAGMENT lost by olddefconfig (missing dependencies?):"
		echo "$bad" >&2
		die "fix scripts/debug-kernel.config"
	fi
}

build_debug()
{
	local dir=$1 tree=$1/linux krel

	ensure_pkgs gcc make flex bison bc libelf-dev libssl-dev kmod xz-utils
	[ -f "$dir/.extracted" ] || { extract_source "$tree"; touch "$dir/.extracted"; }
	configure_debug "$tree"
	log "building the debug kernel in $tree (~10 min on 2 cores; log: $dir/build.log)"
	make -C "$tree" -j"$(nproc)" bzImage modules 2>&1 | tee "$dir/build.log" >&2
	krel=$(cat "$tree/include/config/kernel.release")
	rm -rf "$dir/mods"
	make -C "$tree" -s modules_install INSTALL_MOD_PATH="$dir/mods" >&2
	depmod -b "$dir/mods" "$krel"
	touch "$dir/.complete"
	log "debug kernel $krel built"
}

debug_env()
{
	local ver key dir krel

	ensure_pkgs "$ZGC_SRC_PKG"
	ver=$(src_version)
	key=$(path_safe "$ver")-$(sha256sum "$FRAGMENT" | cut -c1-12)
	dir=$ZGC_CACHE/debug/$key
	take_lock "debug-$key"
	[ -f "$dir/.complete" ] || build_debug "$dir"
	krel=$(cat "$dir/linux/include/config/kernel.release")
	emit "$krel" "$dir/linux" "$dir/linux/arch/x86/boot/bzImage" \
		"$dir/mods/lib/modules/$krel"
}

main()
{
	[ $# -ge 1 ] || usage
	case $1 in
	env)
		[ $# -eq 2 ] || usage
		case $2 in
		6.1 | 6.12)
			take_lock "kernel-$2"
			debian_env "$2"
			;;
		debug) debug_env ;;
		*) die "unknown kernel line '$2' (6.1, 6.12 or debug)" ;;
		esac
		;;
	source)
		[ $# -eq 1 ] || usage
		source_cmd
		;;
	*) usage ;;
	esac
}

main "$@"
