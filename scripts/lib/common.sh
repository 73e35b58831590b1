# Shared helpers for the scripts in scripts/. Source it; do not run it.

# Prints a progress line on stderr.
log() { printf '\033[1;34m[mooring]\033[0m %s\n' "$*" >&2; }

# Prints an error and exits.
die() { printf '\033[1;31m[mooring] error:\033[0m %s\n' "$*" >&2; exit 1; }

# The directory cargo builds into: $CARGO_TARGET_DIR if set, ./target otherwise.
target_dir() { echo "${CARGO_TARGET_DIR:-$PWD/target}"; }

# Waits until `$1` answers a JSON-RPC `$2` call over HTTP, for at most `$3` seconds.
wait_for_rpc() {
	local url=$1 method=$2 timeout=$3 waited=0
	until curl -sf -m 2 -H 'Content-Type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$method\",\"params\":[]}" "$url" >/dev/null; do
		sleep 1
		waited=$((waited + 1))
		[ "$waited" -lt "$timeout" ] || return 1
	done
}
