# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Traffic between tenant instances for the selftests, sourced after
# lib.sh: a TCP transfer checked end to end.

TRANSFER_PY=$(dirname "${BASH_SOURCE[0]}")/transfer.py

# tcp_transfer FROM TO ADDR [CMD...]: 2 MB of random bytes from FROM to a
# server in TO at ADDR (IPv4 or IPv6); the server's SHA-256 of what it
# got must match. With CMD, the connection stops halfway while CMD runs,
# then goes on.
tcp_transfer()
{
	local from=$1 to=$2 addr=$3 line sent got dir gofd srvfd srvpid i cli

	shift 3
	coproc SRV { exec ip netns exec "$to" python3 "$TRANSFER_PY" sink "$addr" 5001; }
	# Its own copies: bash forgets the coproc's when the server exits.
	srvpid=$SRV_PID
	exec {srvfd}<&"${SRV[0]}"
	read -r line <&"$srvfd"
	zgc_eq server "$line" listening
	dir=$(mktemp -d)
	mkfifo "$dir/go"
	ip netns exec "$from" python3 -c "
import hashlib, os, socket, sys
data = os.urandom(2 << 20)
s = socket.create_connection(('$addr', 5001), timeout=60)
s.sendall(data[:1 << 20])
print('half', flush=True)
sys.stdin.readline()
s.sendall(data[1 << 20:])
s.close()
print(hashlib.sha256(data).hexdigest(), flush=True)" <"$dir/go" >"$dir/out" &
	cli=$!
	exec {gofd}>"$dir/go"
	for ((i = 0; i < 600; i++)); do
		grep -q half "$dir/out" && break
		sleep 0.1
	done
	if [ $# -gt 0 ]; then
		"$@"
	fi
	echo go >&"$gofd"
	exec {gofd}>&-
	wait "$cli" || true
	sent=$(tail -n 1 "$dir/out")
	rm -rf "$dir"
	read -r -t 90 got _ <&"$srvfd"
	exec {srvfd}<&-
	wait "$srvpid" || true
	zgc_eq "sha256 of 2 MB" "$got" "$sent"
}

# tcp_exchange CLIENT SERVER BIND PORT ADDR PORT2: a TCP connection from
# namespace CLIENT to ADDR, PORT2, served in namespace SERVER on BIND,
# PORT (a VIP and its backend, or the same address twice): 1 MB sent and
# 4 MB back, each checked by its SHA-256. Sets PEER (the client's address
# as the server saw it) and FROM (the server's as the client saw it).
tcp_exchange()
{
	local client=$1 server=$2 dir srv line i up down up_got down_sent

	dir=$(mktemp -d)
	ip netns exec "$server" python3 "$TRANSFER_PY" serve "$3" "$4" \
		>"$dir/srv" 2>&1 &
	srv=$!
	for ((i = 0; i < 300; i++)); do
		grep -q listening "$dir/srv" && break
		sleep 0.1
	done
	ip netns exec "$client" python3 "$TRANSFER_PY" fetch "$5" "$6" \
		$((1 << 20)) $((4 << 20)) >"$dir/cli" 2>&1 || true
	kill "$srv" 2>/dev/null || true
	wait "$srv" 2>/dev/null || true
	while read -r line; do
		echo "# client: $line"
	done <"$dir/cli"
	# shellcheck disable=SC2034 # for the caller
	PEER=$(sed -n 's/^peer //p' "$dir/srv")
	# shellcheck disable=SC2034 # for the caller
	FROM=$(sed -n 's/^from //p' "$dir/cli")
	up=$(sed -n 's/^sent //p' "$dir/cli")
	down=$(sed -n 's/^got //p' "$dir/cli")
	up_got=$(sed -n 's/^got //p' "$dir/srv")
	down_sent=$(sed -n 's/^sent //p' "$dir/srv")
	rm -rf "$dir"
	zgc_match "the client's transfer" "$up $down" '^[0-9a-f]{64} [0-9a-f]{64}$'
	zgc_eq "sha256 of 1 MB sent" "$up_got" "$up"
	zgc_eq "sha256 of 4 MB back" "$down" "$down_sent"
}

# connect_result NS ADDR PORT [SECONDS]: how a TCP connection from NS to
# ADDR:PORT ends within SECONDS (10): "connected", an errno name, or
# "timeout".
connect_result()
{
	ip netns exec "$1" python3 -c "
import errno, socket
try:
    socket.create_connection(('$2', $3), timeout=${4:-10}).close()
    print('connected')
except socket.timeout:
    print('timeout')
except OSError as e:
    print(errno.errorcode.get(e.errno, e.errno))"
}
