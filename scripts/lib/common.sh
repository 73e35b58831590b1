# Shared helpers for the scripts in scripts/. Source it; do not run it.

# Prints a progress line on stderr.
log() { printf '\033[1;34m[mooring]\033[0m %s\n' "$*" >&2; }

# Prints an error and exits.
die() { printf '\033[1;31m[mooring] error:\033[0m %s\n' "$*" >&2; exit 1; }

# The directory cargo builds into: $CARGO_TARGET_DIR if set, ./target otherwise.
target_dir() { echo "${CARGO_TARGET_DIR:-$PWD/target}"; }

# Waits until `$1` answers a JSON-RPC `$2` call over HTTP, for at most `$3` seconds; with a
# process id as `$4`, gives up as soon as that process has exited.
wait_for_rpc() {
	local url=$1 method=$2 timeout=$3 pid=${4:-} waited=0
	until curl -sf -m 2 -H 'Content-Type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$method\",\"params\":[]}" "$url" >/dev/null; do
		[ -z "$pid" ] || kill -0 "$pid" 2>/dev/null || return 1
		sleep 1
		waited=$((waited + 1))
		[ "$waited" -lt "$timeout" ] || return 1
	done
}

# Prints the `result` of the JSON-RPC call `$2` with the JSON array of params `$3` at `$1`
# (strings unquoted, anything else as JSON); fails on an error or no answer.
rpc_result() {
	curl -sf -m 10 -H 'Content-Type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":${3:-[]}}" "$1" |
		node -e 'let r = {};
			try { r = JSON.parse(require("fs").readFileSync(0, "utf8")); } catch {}
			if (r.error || r.result === undefined) process.exit(1);
			console.log(typeof r.result === "string" ? r.result : JSON.stringify(r.result));'
}

# Succeeds if nothing listens on 127.0.0.1:`$1`.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# anvil's own binary. node_modules/.bin/anvil is a Node.js wrapper: it exits on SIGINT at once,
# without waiting for anvil to save its state, and its pid is not anvil's (for CPU figures).
anvil_bin() {
	local candidate
	for candidate in node_modules/@foundry-rs/anvil-*/bin/anvil; do
		[ -x "$candidate" ] && { echo "$candidate"; return; }
	done
	echo node_modules/.bin/anvil
}
