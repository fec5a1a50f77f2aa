# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2034 # variables for the scripts that source this
#
# Helpers shared by kernel.sh, vm.sh and check.sh (sourced, not run).
# Messages go to stderr: stdout of these scripts is reserved for results.

ZGC_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ZGC_CACHE=${ZGC_CACHE:-$HOME/.cache/zgc}
export ZGC_CACHE

# The Debian kernel lines: LINE -> metapackage whose dependency names the
# current image (and, with s/image/headers/, the current headers).
declare -A ZGC_IMAGE_META=([6.1]=linux-image-amd64 [6.12]=linux-image-6.12-amd64)
# The source tree for the debug kernel and for the kselftest framework.
ZGC_SRC_PKG=linux-source-6.12

ZGC_APT_UPDATED=

log()
{
	echo "${0##*/}: $*" >&2
}

die()
{
	log "error: $*"
	exit 1
}

# Run a command as root: directly, or through sudo.
as_root()
{
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null; then
		sudo "$@"
	else
		die "need root for: $*"
	fi
}

apt_update_once()
{
	[ -n "$ZGC_APT_UPDATED" ] && return 0
	log "apt-get update"
	as_root apt-get update -qq >&2
	ZGC_APT_UPDATED=1
}

# apt-get with the options every caller wants: non-interactive, and wait
# for a dpkg lock held by someone else instead of failing.
apt_get()
{
	as_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y \
		-o DPkg::Lock::Timeout=600 "$@" >&2
}

pkg_installed()
{
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"
}

# ensure_pkgs PKG...: install the packages that are missing.
ensure_pkgs()
{
	local p missing=()

	for p in "$@"; do
		pkg_installed "$p" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing ${missing[*]}"
	# A fresh machine may have no package lists at all.
	if ! apt_get install --no-install-recommends "${missing[@]}"; then
		apt_update_once
		apt_get install --no-install-recommends "${missing[@]}"
	fi
}

# apt_depends PKG PREFIX: the package that PKG depends on whose name starts
# with PREFIX (how a metapackage names the current kernel).
apt_depends()
{
	local dep

	dep=$(apt_depends_once "$@") || true
	if [ -z "$dep" ]; then
		apt_update_once
		dep=$(apt_depends_once "$@") || true
	fi
	[ -n "$dep" ] || die "apt-cache depends $1: no dependency named $2*"
	echo "$dep"
}

apt_depends_once()
{
	LC_ALL=C apt-cache depends "$1" 2>/dev/null |
		awk -v p="$2" '$1 == "Depends:" && index($2, p) == 1 { print $2; exit }'
}

# apt_candidate PKG: the version apt would install.
apt_candidate()
{
	LC_ALL=C apt-cache show --no-all-versions "$1" 2>/dev/null |
		sed -n 's/^Version: //p' | head -n 1
}

# A version string made safe for a file name (~ and : are not).
path_safe()
{
	printf '%s' "$1" | tr -c 'A-Za-z0-9.+_-' '_'
}

# take_lock NAME: hold $ZGC_CACHE/locks/NAME until this process exits.
take_lock()
{
	local lock=$ZGC_CACHE/locks/$1.lock fd

	mkdir -p "$ZGC_CACHE/locks"
	exec {fd}>"$lock"
	if ! flock -n "$fd"; then
		log "waiting for $lock (another run holds it)"
		flock "$fd"
	fi
}
