//! Harness for Mooring's end-to-end tests: starts the real binaries (node, eth-rpc, anvil,
//! relayer) on free loopback ports, waits until they answer, and stops them when dropped.
//!
//! The binaries come from the cargo target dir the tests were built into (run `cargo build
//! --workspace` first; `scripts/test` does) and from `node_modules/.bin` (`scripts/setup`).

pub mod anvil;
pub mod artifacts;
pub mod devnet;
pub mod l2;
pub mod node;
pub mod process;
pub mod relayer;
pub mod vectors;
pub mod wallet;

use std::{net::TcpListener, path::PathBuf};

/// The repository root.
pub fn repo_root() -> PathBuf {
	PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is inside the repo").into()
}

/// The directory holding the workspace binaries, next to the running test executable
/// (`<target>/<profile>/deps/<test>` → `<target>/<profile>`), unless `MOORING_BIN_DIR` says.
pub fn workspace_bin_dir() -> PathBuf {
	if let Ok(dir) = std::env::var("MOORING_BIN_DIR") {
		return dir.into();
	}
	let exe = std::env::current_exe().expect("the test knows its executable");
	exe.parent()
		.and_then(|deps| deps.parent())
		.expect("test binaries live in <profile>/deps")
		.into()
}

/// A workspace binary such as `mooring-node`, checked to exist.
pub fn workspace_bin(name: &str) -> PathBuf {
	let path = workspace_bin_dir().join(name);
	assert!(path.exists(), "{} is missing: run `cargo build --workspace` first", path.display());
	path
}

/// A binary installed by npm into `node_modules/.bin`, such as `anvil` or `cast`.
pub fn npm_bin(name: &str) -> PathBuf {
	let path = repo_root().join("node_modules/.bin").join(name);
	assert!(path.exists(), "{} is missing: run scripts/setup first", path.display());
	path
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|listener| listener.local_addr())
		.expect("the OS hands out a free loopback port")
		.port()
}
