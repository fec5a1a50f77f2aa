#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages that building zgc and running its tests in
# QEMU need, when they are missing. Kernel images, headers and sources are
# fetched by scripts/kernel.sh. `deps.sh fuzz`: those of `make fuzz`;
# `deps.sh deb`: those of `make deb`.
set -euo pipefail

pkgs=(
	gcc make pkg-config libmnl-dev libjson-c-dev	# zgcctl, selftests
	bc flex bison libelf-dev libssl-dev	# kernel builds
	sparse				# make sparse (C=2)
	iproute2 jq kmod util-linux procps iputils-ping ethtool	# the tests
	man-db groff-base		# zgcctl.sh renders the manuals
	tcpdump tshark			# zgc_wireshark.sh, tools/wireshark/test.sh
	python3-yaml python3-jsonschema	# zgc_ynl.sh: the kernel's tools/net/ynl/cli.py
	openvswitch-switch		# OVS compute hosts in the tests
	ipvsadm				# bench/service.sh's IPVS reference
	gnuplot-nox			# bench/plot.sh
	qemu-system-x86 busybox-static cpio	# the guest
)
# make fuzz: clang's libFuzzer and sanitizers
[ "${1:-}" = fuzz ] && pkgs=(clang libclang-rt-14-dev python3)
# make deb: Debian's packaging tools
[ "${1:-}" = deb ] && pkgs=(debhelper dh-dkms dkms dpkg-dev fakeroot lintian
			    libmnl-dev libjson-c-dev pkgconf)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: run as root, or install: ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
