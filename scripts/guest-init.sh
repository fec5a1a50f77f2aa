#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash # busybox ash: local is fine
#
# /init of the guests scripts/vm.sh boots. It runs under busybox sh in a
# tiny initramfs holding busybox and, for Debian's kernels, the virtio,
# 9p and overlay modules (/modules/*.ko, loaded in the order of
# /modules/order; the debug kernel has them built in).
#
# Stage 1, in the initramfs:
#  1. The host's / over 9p (tag "root", read-only) is the lower layer of an
#     overlay with a tmpfs upper: the guest sees the host's files at the
#     same paths and may write (writes vanish at power-off). Fresh proc,
#     sysfs, devtmpfs, devpts, debugfs and a tmpfs /run. /tmp stays the
#     host's, seen through the overlay, so a checkout or an out directory
#     under /tmp works too.
#  2. The run's out directory (tag "out", read-write) is mounted at its host
#     path, zgc_out= on the kernel command line. vm.sh left there
#     guest.env (ZGC_KREL, ZGC_KMODS, ZGC_MODULE, ZGC_CMD_TIMEOUT...) and
#     guest-cmd.sh (the command with its environment and directory).
#  3. /lib/modules/$ZGC_KREL becomes a bind mount of $ZGC_KMODS.
#  4. This script and busybox are copied to /run/zgc-vm of the new root and
#     PID 1 itself chroots there: kthreadd shares PID 1's root (CLONE_FS),
#     so the kernel's module autoload runs the host's /sbin/modprobe.
# Stage 2, in the new root:
#  5. modprobe $ZGC_MODULE (if vm.sh got --module), run guest-cmd.sh with
#     its output on ttyS1 (vm.sh streams that serial port) for at most
#     $ZGC_CMD_TIMEOUT seconds, then check that zgc unloads and that
#     kmemleak found nothing.
#  6. Write out/exit-status (last: its presence tells vm.sh the guest got
#     this far) and power off.
# Failures are appended to out/guest-failures, one line each.

PATH=/bin
export PATH
R=/newroot		# the root the command sees (empty in stage 2)
STAGE2=/run/zgc-vm	# where stage 2 runs from, in the new root
TTY=/dev/ttyS1		# the command's output, streamed by vm.sh
OUT=			# the out directory, same path on host and guest
MSIZE=512000		# 9p message size: larger is faster

# say MSG: to the command's output and to the kernel log (console.log).
say()
{
	echo "vm: $*" >"$TTY"
	echo "zgc-vm: $*" >/dev/kmsg
}

power_off()
{
	sync
	# Kernels without ACPI (the debug kernel) cannot power off, but with
	# QEMU's -no-reboot a reboot ends QEMU just as well.
	if [ -d /sys/firmware/acpi ]; then
		echo o >/proc/sysrq-trigger
		sleep 10
	fi
	echo b >/proc/sysrq-trigger
	sleep 60
}

# fail MSG: one failure of the run.
fail()
{
	say "FAIL: $*"
	echo "$*" >>"$R$OUT/guest-failures"
}

# die MSG: the guest cannot go on; vm.sh reports what it finds.
die()
{
	say "guest setup failed: $*"
	if [ -n "$OUT" ] && [ -d "$R$OUT" ]; then
		echo "guest setup failed: $*" >>"$R$OUT/guest-failures"
		echo setup >"$R$OUT/exit-status"
	fi
	power_off
}

early_mounts()
{
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev 2>/dev/null
	# Raw: no \r added to the output, no echo.
	stty -F "$TTY" raw -echo
}

load_modules()
{
	local m

	[ -f /modules/order ] || return 0
	while read -r m; do
		insmod "/modules/$m" || die "insmod $m"
	done </modules/order
}

mount_root()
{
	mkdir -p /lower /upper "$R"
	# cache=loose: the guest keeps what it read of the host's files (they
	# do not change while it runs): a program started again is not read
	# again through 9p, which halves a python3 start.
	mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=$MSIZE,cache=loose \
		root /lower ||
		die "9p root"
	mount -t tmpfs -o mode=0755 upper /upper
	mkdir -p /upper/data /upper/work
	mount -t overlay -o lowerdir=/lower,upperdir=/upper/data,workdir=/upper/work \
		overlay "$R" || die "overlay root"
	mount -t proc proc "$R/proc"
	mount -t sysfs sysfs "$R/sys"
	mount -t devtmpfs devtmpfs "$R/dev"
	# What udev would add: without them, `>>/dev/stdout` (the kselftest
	# runner's log) creates a regular file and the output is lost.
	ln -sfn /proc/self/fd "$R/dev/fd"
	ln -sf /proc/self/fd/0 "$R/dev/stdin"
	ln -sf /proc/self/fd/1 "$R/dev/stdout"
	ln -sf /proc/self/fd/2 "$R/dev/stderr"
	mkdir -p "$R/dev/pts" "$R/dev/shm"
	mount -t devpts -o newinstance,ptmxmode=0666 devpts "$R/dev/pts"
	mount -t tmpfs -o mode=1777 shm "$R/dev/shm"
	mount -t debugfs debugfs "$R/sys/kernel/debug" 2>/dev/null
	mount -t tmpfs -o mode=0755 run "$R/run"
}

mount_out()
{
	local w

	# shellcheck disable=SC2013 # words, not lines
	for w in $(cat /proc/cmdline); do
		case $w in
		zgc_out=*) OUT=${w#zgc_out=} ;;
		esac
	done
	[ -n "$OUT" ] || die "no zgc_out= on the kernel command line"
	mkdir -p "$R$OUT"
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=$MSIZE out "$R$OUT" ||
		die "9p out share"
	[ -f "$R$OUT/guest.env" ] || die "no guest.env in $OUT"
	# shellcheck source=/dev/null
	. "$R$OUT/guest.env"
}

bind_modules()
{
	mkdir -p "$R/lib/modules/$ZGC_KREL"
	mount -o bind "$R$ZGC_KMODS" "$R/lib/modules/$ZGC_KREL" ||
		die "bind $ZGC_KMODS"
}

setup_system()
{
	local now

	# Kernels without an RTC driver start in 1970: make would see every
	# file from the future.
	now=$(date +%s)
	[ "$now" -ge "$ZGC_HOST_TIME" ] || date -s "@$ZGC_HOST_TIME" >/dev/null
	hostname zgc-vm
	/sbin/ip link set lo up
}

load_zgc()
{
	[ -n "$ZGC_MODULE" ] || return 0
	/sbin/modprobe "$ZGC_MODULE" </dev/null >"$TTY" 2>&1 && return 0
	fail "modprobe $ZGC_MODULE failed"
	return 1
}

# The module must unload cleanly once the command is done.
unload_zgc()
{
	local m="$ZGC_MODULE_NAME" ref

	[ -d "/sys/module/$m" ] || return 0
	ref=$(cat "/sys/module/$m/refcnt")
	if [ "$ref" != 0 ]; then
		fail "leaked module reference: /sys/module/$m/refcnt is $ref after the command"
		return
	fi
	/sbin/rmmod "$m" </dev/null >"$TTY" 2>&1 ||
		fail "leaked module reference: rmmod $m failed"
}

kmemleak()
{
	echo "$1" 2>/dev/null >"$R/sys/kernel/debug/kmemleak"
}

# kmemleak reports an object found unreferenced, older than 5 s, whose
# contents did not change since the previous scan: so scan twice, 5 s
# apart, while zgc is loaded (the report then names its functions), and
# once more after it is unloaded, for what its exit path leaked.
leaks_before_unload()
{
	[ -e "$R/sys/kernel/debug/kmemleak" ] || return 0
	say "kmemleak: scanning"
	if ! kmemleak scan || ! sleep 5 || ! kmemleak scan; then
		fail "kmemleak could not scan (disabled? see console.log)"
		return
	fi
	cat "$R/sys/kernel/debug/kmemleak" >"$R$OUT/kmemleak.log"
}

leaks_after_unload()
{
	local log="$R$OUT/kmemleak.log" now="$R$OUT/kmemleak.now"

	[ -f "$log" ] || return 0
	sleep 2		# RCU callbacks that free
	kmemleak scan
	cat "$R/sys/kernel/debug/kmemleak" >"$now"
	if [ -s "$now" ] && ! cmp -s "$now" "$log"; then
		{ echo "--- after unloading the module:"; cat "$now"; } >>"$log"
	fi
	rm -f "$now"
	[ -s "$log" ] || return 0
	cat "$log" >"$TTY"
	fail "kmemleak reported leaks (kmemleak.log)"
}

uptime_s()
{
	cut -d' ' -f1 /proc/uptime
}

# Run the command, but stop it before vm.sh's timeout kills QEMU, so that
# what the kernel was doing (sysrq-w: blocked tasks), dmesg and the checks
# below still reach the host.
run_command()
{
	local t0 rc

	t0=$(cut -d. -f1 /proc/uptime)
	/usr/bin/timeout -k 10 "$ZGC_CMD_TIMEOUT" /bin/bash "$OUT/guest-cmd.sh" \
		</dev/null >"$TTY" 2>&1
	rc=$?
	if [ "$rc" -ge 124 ] &&
	   [ $(($(cut -d. -f1 /proc/uptime) - t0)) -ge "$ZGC_CMD_TIMEOUT" ]; then
		echo w >/proc/sysrq-trigger
		fail "command timed out after ${ZGC_CMD_TIMEOUT}s (blocked tasks: console.log)"
	fi
	return "$rc"
}

# Stage 1: mount everything, then make the new root PID 1's root.
stage1()
{
	early_mounts
	echo "zgc-vm: init" >/dev/kmsg
	load_modules
	mount_root
	mount_out
	bind_modules
	mkdir -p "$R$STAGE2"
	cp -a /bin "$R$STAGE2/"
	cp /init "$R$STAGE2/init"
	exec chroot "$R" "$STAGE2/bin/sh" "$STAGE2/init" stage2 "$OUT"
}

stage2()
{
	local rc=none t0

	R=
	PATH=$STAGE2/bin
	OUT=$1
	# shellcheck source=/dev/null
	. "$OUT/guest.env"
	setup_system
	# Leaks found at boot are not the command's.
	kmemleak clear
	t0=$(uptime_s)
	echo "boot_s=$t0" >"$OUT/timings"
	if load_zgc; then
		run_command
		rc=$?
	fi
	echo "command_s=$(awk -v a="$t0" -v b="$(uptime_s)" 'BEGIN { print b - a }')" \
		>>"$OUT/timings"
	leaks_before_unload
	unload_zgc
	leaks_after_unload
	dmesg >"$OUT/dmesg.log"
	echo "$rc" >"$OUT/exit-status"
	power_off
}

if [ "${1:-}" = stage2 ]; then
	stage2 "$2"
else
	stage1
fi
