#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a kernel under QEMU (TCG: the host cannot load modules and has no
# KVM) and run a command in it.
#
#   scripts/vm.sh --kernel LINE [--module PATH.ko] [--out DIR]
#                 [--timeout SECONDS] [--mem MB] [--console] -- COMMAND...
#   scripts/vm.sh --scan-console FILE     (only the kernel-splat scan)
#
# LINE is 6.1, 6.12 or debug (scripts/kernel.sh). The guest sees the host's
# files at the same paths (9p, read-only, under a tmpfs overlay: writes
# vanish), with a fresh /run. COMMAND runs as root with
# `bash -c` in the current directory (one argument: a script; several: a
# command line, quoted word by word), env -i but for PATH, HOME, ZGC_VM=1,
# ZGC_OUT, and the host's ZGC_*, KSFT_*, IP_LIB_DIR, LANG and LC_* variables.
# Its output is streamed here and saved to DIR/output.log.
#
# --module: installed into the kernel's modules (extra/) before boot so
# `modprobe zgc` and `ip link add X type zgc` work; the guest loads it
# first and, after COMMAND, requires it to unload with no reference left.
# DIR (default build/vm/<date>-<pid>) is shared read-write at the same path
# and receives console.log (the kernel's), output.log, dmesg.log,
# kmemleak.log, timings and verdict (failures other than COMMAND's status).
# --console also streams the kernel console to stderr. The guest has
# $ZGC_QEMU_SMP vCPUs (default 2): TCG runs each on a host thread, so
# guests that share the host's cores take one each (scripts/check.sh).
#
# Exit status: COMMAND's if nonzero, else 1 if the run failed (modprobe,
# leaked module reference, kmemleak, kernel splat in console.log, timeout,
# no exit status from the guest), else 0. A one-line verdict ends stderr.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=harness-lib.sh
. "$(dirname "$0")/harness-lib.sh"

LINE=
MODULE=
OUT=
INITRD=		# the initramfs (prepare_kernel_tree)
TREE_LOCK=	# fd of the modules tree lock, held until exit
TIMEOUT=900
MEM=2048
CONSOLE=
CMD=()
QEMU_RC=

# Kernel messages that mean the run failed, wherever they start a word.
SPLATS=(
	'WARNING:' 'BUG:' 'Oops' 'Kernel panic' 'Call Trace' 'UBSAN:' 'KASAN:'
	'general protection fault' 'kernel BUG at'
	'possible circular locking' 'possible recursive locking'
	'suspicious RCU usage' 'inconsistent lock state'
	'unreferenced object' 'suspected memory leak' 'refcount_t:'
	'list_add corruption' 'list_del corruption'
	'rcu_[a-z]+ (self-)?detected stall' 'blocked for more than [0-9]+ seconds'
	'unregister_netdevice: waiting for'
)
# Lines that match but are not a failure.
BENIGN='kmemleak: Kernel memory leak detector initialized'

usage()
{
	sed -n '/^#   scripts/,/^# LINE/p' "$0" | sed '$d; s/^#//' >&2
	exit 2
}

parse_args()
{
	while [ $# -gt 0 ]; do
		case $1 in
		--kernel) LINE=${2:?}; shift 2 ;;
		--module) MODULE=${2:?}; shift 2 ;;
		--out) OUT=${2:?}; shift 2 ;;
		--timeout) TIMEOUT=${2:?}; shift 2 ;;
		--mem) MEM=${2:?}; shift 2 ;;
		--console) CONSOLE=1; shift ;;
		--) shift; CMD=("$@"); break ;;
		*) usage ;;
		esac
	done
	if [ -z "$LINE" ] || [ ${#CMD[@]} -eq 0 ]; then
		usage
	fi
	[[ $TIMEOUT =~ ^[0-9]+$ && $MEM =~ ^[0-9]+$ ]] || usage
}

# scan_console FILE: print the lines of kernel splats; false if any.
scan_console()
{
	local re

	# Not inside a word: "ODEBUG: selftest passed" is no BUG.
	re="(^|[^[:alnum:]_])($(IFS='|'; echo "${SPLATS[*]}"))"
	! grep -nE -- "$re" "$1" | grep -vE -- "$BENIGN"
}

# Read kernel.sh's NAME=value lines into ZGC_K*.
kernel_env()
{
	local env k v

	env=$("$ZGC_TOP/scripts/kernel.sh" env "$LINE") || die "kernel.sh env $LINE failed"
	while IFS='=' read -r k v; do
		case $k in
		ZGC_KREL | ZGC_KDIR | ZGC_KIMAGE | ZGC_KMODS) printf -v "$k" '%s' "$v" ;;
		esac
	done <<<"$env"
	if [ -z "${ZGC_KREL:-}" ] || [ ! -f "${ZGC_KIMAGE:-}" ] ||
	   [ ! -d "${ZGC_KMODS:-}" ]; then
		die "kernel.sh env $LINE gave no usable kernel"
	fi
}

# The guest mounts fresh file systems there: the host's files are hidden.
check_visible()
{
	case $1/ in
	/run/* | /proc/* | /sys/* | /dev/*)
		die "the guest cannot see $1 (it mounts a fresh file system there)" ;;
	esac
}

prepare_out()
{
	local f

	if [ -z "$OUT" ]; then
		OUT=$ZGC_TOP/build/vm/$(date +%Y%m%d-%H%M%S)-$$
	fi
	mkdir -p "$OUT"
	OUT=$(cd "$OUT" && pwd)
	[[ $OUT != *[[:space:]\'\"]* ]] || die "--out: no spaces or quotes, please: $OUT"
	for f in console.log output.log dmesg.log kmemleak.log timings verdict \
		exit-status guest-failures guest.env guest-cmd.sh; do
		rm -f "$OUT/$f"
	done
}

# What extra/ of the kernel's modules holds once install_module is done:
# the name and SHA-256 of --module, or "none".
module_stamp()
{
	if [ -n "$MODULE" ]; then
		echo "${MODULE##*/} $(sha256sum <"$MODULE" | cut -d' ' -f1)"
	else
		echo none
	fi
}

# Put --module in extra/ of the kernel's modules (or take an old one away).
install_module()
{
	local root=${ZGC_KMODS%/lib/modules/"$ZGC_KREL"} extra=$ZGC_KMODS/extra vm

	rm -rf "$extra"
	if [ -n "$MODULE" ]; then
		vm=$(modinfo -F vermagic "$MODULE" | awk '{ print $1 }')
		[ "$vm" = "$ZGC_KREL" ] ||
			die "$MODULE was built for '$vm', not $ZGC_KREL"
		mkdir -p "$extra"
		cp "$MODULE" "$extra/"
	fi
	depmod -b "$root" "$ZGC_KREL"
	if [ -n "$MODULE" ]; then
		module_stamp >"$extra/.zgc-stamp"
	fi
}

# lock_wait FD MODE NAME: flock FD in MODE (-s or -x), saying so if it
# has to wait.
lock_wait()
{
	if ! flock -n "$2" "$1"; then
		log "waiting for $3 (another run holds it)"
		flock "$2" "$1"
	fi
}

# The kernel's modules tree, with --module installed, for this run. Runs
# of the same module share it (their guests run at once); a run of
# another module waits until they are done. vm-KREL.install.lock
# serializes the check and the install, vm-KREL.lock is held exclusive
# while the tree changes and shared while guests read it (until exit).
# Also builds the initramfs, under the install lock.
prepare_kernel_tree()
{
	local dir=$ZGC_CACHE/locks install stamp=none
	local extra=$ZGC_KMODS/extra

	[ -z "$MODULE" ] || [ -f "$MODULE" ] || die "no module $MODULE"
	mkdir -p "$dir"
	exec {install}>"$dir/vm-$ZGC_KREL.install.lock"
	lock_wait "$install" -x "$dir/vm-$ZGC_KREL.install.lock"
	exec {TREE_LOCK}>"$dir/vm-$ZGC_KREL.lock"
	if [ -f "$extra/.zgc-stamp" ]; then
		stamp=$(cat "$extra/.zgc-stamp")
	elif [ -d "$extra" ]; then
		stamp=unknown
	fi
	if [ "$stamp" != "$(module_stamp)" ]; then
		lock_wait "$TREE_LOCK" -x "$dir/vm-$ZGC_KREL.lock"
		install_module
		# Only an install lock holder takes it exclusive: no one can
		# between these two.
		flock -u "$TREE_LOCK"
	fi
	lock_wait "$TREE_LOCK" -s "$dir/vm-$ZGC_KREL.lock"
	INITRD=$(initramfs)
	exec {install}>&-
}

# The modules the initramfs must insmod, in order (none if built in).
initramfs_modules()
{
	local root=${ZGC_KMODS%/lib/modules/"$ZGC_KREL"} deps

	deps=$(modprobe -a --show-depends -d "$root" -S "$ZGC_KREL" \
		virtio_pci 9pnet_virtio 9p overlay) ||
		die "$ZGC_KREL lacks virtio_pci, 9pnet_virtio, 9p or overlay"
	awk '$1 == "insmod" && !seen[$2]++ { print $2 }' <<<"$deps"
}

# build_initramfs FILE MODULE...: busybox, /init and the modules (Debian
# compresses 6.12's with xz; busybox's insmod wants them plain).
build_initramfs()
{
	local file=$1 stage m name

	shift
	stage=$(mktemp -d)
	mkdir -p "$stage"/{bin,dev,proc,sys,modules,newroot}
	cp /bin/busybox "$stage/bin/"
	for m in $(/bin/busybox --list); do
		[ "$m" = busybox ] || ln -s busybox "$stage/bin/$m"
	done
	install -m 0755 "$ZGC_TOP/scripts/guest-init.sh" "$stage/init"
	for m in "$@"; do
		name=$(basename "$m")
		case $m in
		*.ko.xz) xz -dc "$m" >"$stage/modules/${name%.xz}" ;;
		*.ko.zst)
			ensure_pkgs zstd
			zstd -qdc "$m" >"$stage/modules/${name%.zst}"
			;;
		*.ko.gz) gzip -dc "$m" >"$stage/modules/${name%.gz}" ;;
		*.ko) cp "$m" "$stage/modules/" ;;
		*) die "unknown module format: $m" ;;
		esac
		echo "${name%.ko*}.ko" >>"$stage/modules/order"
	done
	(cd "$stage" && find . -print0 | cpio --null -o -H newc -R 0:0 --quiet) |
		gzip -9 >"$file.tmp"
	mv "$file.tmp" "$file"
	rm -rf "$stage"
}

# Cached per kernel, /init and busybox: prints the initramfs's path.
initramfs()
{
	local mods key file

	mods=$(initramfs_modules)
	if [ -n "$mods" ]; then
		mapfile -t mods <<<"$mods"
	else
		mods=()
	fi
	key=$({ cat "$ZGC_TOP/scripts/guest-init.sh"; sha256sum /bin/busybox
		echo "$ZGC_KIMAGE"; printf '%s\n' "${mods[@]}"; } | sha256sum | cut -c1-16)
	file=$ZGC_CACHE/initramfs/$ZGC_KREL-$key.cpio.gz
	if [ ! -f "$file" ]; then
		log "building $file (${#mods[@]} modules)"
		mkdir -p "$(dirname "$file")"
		build_initramfs "$file" "${mods[@]}"
	fi
	echo "$file"
}

sh_quote()
{
	printf "'%s'" "${1//\'/\'\\\'\'}"
}

# The environment COMMAND gets: NAME=value words for env -i.
command_env()
{
	local path='' d v dirs

	# The host's PATH but what is under $HOME: per-user toolchains (pyenv,
	# cargo) put shims there that cost seconds a start under emulation
	# (pyenv's python3 is a shell script that forks a dozen times).
	IFS=: read -ra dirs <<<"$PATH"
	for d in "${dirs[@]}"; do
		if [ -n "$d" ] && [[ $d != "$HOME"/* ]]; then
			path=${path:+$path:}$d
		fi
	done
	for d in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin; do
		[[ :$path: == *:$d:* ]] || path=$path:$d
	done
	printf '%s\n' "PATH=$path" "HOME=$HOME" "ZGC_VM=1" "ZGC_OUT=$OUT" \
		"ZGC_KREL=$ZGC_KREL" "ZGC_KMODS=$ZGC_KMODS" "ZGC_CACHE=$ZGC_CACHE"
	for v in $(compgen -e); do
		case $v in
		ZGC_VM | ZGC_OUT | ZGC_KREL | ZGC_KMODS | ZGC_CACHE) ;;
		ZGC_* | KSFT_* | IP_LIB_DIR | LANG | LC_*) printf '%s=%s\n' "$v" "${!v}" ;;
		esac
	done
}

# The guest stops COMMAND this much before QEMU is killed: time to boot,
# dump the blocked tasks, unload zgc, scan for leaks and save dmesg.
cmd_timeout()
{
	local margin=$((TIMEOUT / 5))

	[ $margin -le 120 ] || margin=120
	echo $((TIMEOUT - margin))
}

# guest.env for /init (busybox sh), guest-cmd.sh for the command (bash).
write_guest_files()
{
	local name="" script envs

	if [ -n "$MODULE" ]; then
		name=$(basename "$MODULE" .ko)
	fi
	{
		echo "ZGC_KREL=$(sh_quote "$ZGC_KREL")"
		echo "ZGC_KMODS=$(sh_quote "$ZGC_KMODS")"
		echo "ZGC_MODULE=$(sh_quote "$name")"
		echo "ZGC_MODULE_NAME=$(sh_quote "${name:-zgc}" | tr - _)"
		echo "ZGC_HOST_TIME=$(date +%s)"
		echo "ZGC_CMD_TIMEOUT=$(cmd_timeout)"
	} >"$OUT/guest.env"
	# One argument is a script; several are words of one command.
	if [ ${#CMD[@]} -eq 1 ]; then
		script=${CMD[0]}
	else
		script=$(printf '%q ' "${CMD[@]}")
	fi
	mapfile -t envs < <(command_env)
	{
		echo "# Written by scripts/vm.sh, run in the guest by its /init."
		printf 'cd -- %q || exit 1\n' "$PWD"
		printf 'exec env -i'
		printf ' %q' "${envs[@]}"
		printf ' bash -c %q\n' "$script"
	} >"$OUT/guest-cmd.sh"
}

# QEMU's -virtfs splits on commas; a comma in a path is written twice.
qemu_path()
{
	printf '%s' "${1//,/,,}"
}

# Boot; the command's output (serial port 2) streams here and to
# output.log, the kernel console (serial port 1) goes to console.log.
# Sets QEMU_RC to QEMU's (or timeout's) exit status.
run_qemu()
{
	local initrd=$1 append rcs tailpid=""

	append="console=ttyS0 panic=-1 panic_on_warn=1 oops=panic zgc_out=$OUT"
	if [ -n "$CONSOLE" ]; then
		: >"$OUT/console.log"
		tail -n +1 -F "$OUT/console.log" >&2 2>/dev/null &
		tailpid=$!
	fi
	set +e
	# la57=off: with 5-level paging, the debug kernel's KASAN may report
	# a wild access at boot, from an interrupt taken while identify_cpu()
	# rebuilds the CPU's features (seen here 1 boot in 2 under TCG).
	timeout --foreground -k 10 "$TIMEOUT" qemu-system-x86_64 \
		-nodefaults -no-user-config -display none -no-reboot \
		-machine pc -accel tcg,thread=multi -cpu max,la57=off -smp "${ZGC_QEMU_SMP:-2}" -m "$MEM" \
		-kernel "$ZGC_KIMAGE" -initrd "$initrd" -append "$append" \
		-serial "file:$OUT/console.log" -serial stdio \
		-virtfs local,path=/,mount_tag=root,security_model=none,readonly=on,multidevs=remap \
		-virtfs "local,path=$(qemu_path "$OUT"),mount_tag=out,security_model=none,multidevs=remap" \
		</dev/null | sed -u 's/\r$//' | tee "$OUT/output.log"
	rcs=("${PIPESTATUS[@]}")
	set -e
	if [ -n "$tailpid" ]; then
		sleep 0.5
		kill "$tailpid" 2>/dev/null || true
	fi
	QEMU_RC=${rcs[0]}
}

# verdict QEMU_RC SECONDS: print the verdict, write DIR/verdict, return
# vm.sh's exit status.
verdict()
{
	local qrc=$1 secs=$2 status="" reasons=() r rc=0 timings=""

	[ -f "$OUT/exit-status" ] && status=$(cat "$OUT/exit-status")
	if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
		reasons+=("timed out after ${TIMEOUT}s")
	elif [ "$qrc" -ne 0 ]; then
		reasons+=("qemu exited with status $qrc")
	fi
	if [ -z "$status" ] && [ ${#reasons[@]} -eq 0 ]; then
		reasons+=("no exit status from the guest (panic? see console.log)")
	fi
	if [ -f "$OUT/guest-failures" ]; then
		mapfile -t -O ${#reasons[@]} reasons <"$OUT/guest-failures"
	fi
	if [ -f "$OUT/console.log" ] && ! scan_console "$OUT/console.log" >"$OUT/splats"; then
		log "kernel splat in $OUT/console.log:"
		head -n 40 "$OUT/splats" >&2
		reasons+=("kernel splat (console.log)")
	fi
	rm -f "$OUT/splats"
	if [ -z "$status" ]; then
		log "last lines of $OUT/console.log:"
		tail -n 25 "$OUT/console.log" >&2 || true
	fi
	: >"$OUT/verdict"
	[ ${#reasons[@]} -eq 0 ] || printf '%s\n' "${reasons[@]}" >"$OUT/verdict"
	[ -f "$OUT/timings" ] && timings=" (boot $(sed -n 's/^boot_s=//p' "$OUT/timings")s)"
	if [[ $status =~ ^[0-9]+$ ]] && [ "$status" -ne 0 ]; then
		rc=$status
		reasons=("command exited with status $status" "${reasons[@]}")
	elif [ ${#reasons[@]} -gt 0 ]; then
		rc=1
	fi
	if [ "$rc" -eq 0 ]; then
		log "$ZGC_KREL: PASS in ${secs}s$timings; artifacts in $OUT"
	else
		r=$(printf '%s; ' "${reasons[@]}")
		log "$ZGC_KREL: FAIL (${r%; }) in ${secs}s$timings; artifacts in $OUT"
	fi
	return "$rc"
}

main()
{
	local t0

	if [ "${1:-}" = --scan-console ]; then
		[ $# -eq 2 ] || usage
		scan_console "$2"
		return
	fi
	parse_args "$@"
	check_visible "$PWD"
	ensure_pkgs qemu-system-x86 busybox-static cpio kmod xz-utils
	kernel_env
	prepare_out
	prepare_kernel_tree
	write_guest_files
	t0=$(date +%s)
	run_qemu "$INITRD"
	verdict "$QEMU_RC" $(($(date +%s) - t0))
}

main "$@"
