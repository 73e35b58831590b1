//! Two parties exchange 10,000 channel updates over TCP on 127.0.0.1, then produce the final
//! state both signed, ready for the on-chain cooperative close.
//!
//! ```text
//! cargo run --release -p mooring-channel --example local_exchange -- \
//!     [--updates 10000] [--mode micro|signed] [--chain-length 1000] [--persist-every 100] \
//!     [--no-sync] [--dir DIR] [--channel-id 0] [--genesis 0x<32 bytes>] \
//!     [--rpc-url ws://127.0.0.1:9944 --pallet-index N]
//! ```
//!
//! Without a node the channel id and genesis hash are made up (the signatures still bind them);
//! pass the real ones for a channel opened on chain. `--rpc-url` hands the cooperative close to
//! [`mooring_channel::submit_cooperative_close`], which is not wired to a chain client yet and
//! prints the exact call to submit instead.

use mooring_channel::{
	exchange::{run_local_exchange, ExchangeConfig, Mode, Persistence},
	onchain::hex,
	submit_cooperative_close, Channel, ChannelKeypair, ChannelParams, FileStore,
};
use mooring_primitives::channel::{Party, MAX_MICRO_CHAIN_LENGTH};
use polkadot_sdk::sp_core::H256;
use std::{collections::HashMap, error::Error, path::PathBuf};

struct Args(HashMap<String, String>);

impl Args {
	fn parse() -> Result<Self, String> {
		let mut map = HashMap::new();
		let mut args = std::env::args().skip(1);
		while let Some(flag) = args.next() {
			let name = flag.strip_prefix("--").ok_or(format!("unexpected argument {flag}"))?;
			if name == "no-sync" {
				map.insert(name.to_string(), String::new());
				continue;
			}
			let value = args.next().ok_or(format!("--{name} needs a value"))?;
			map.insert(name.to_string(), value);
		}
		Ok(Self(map))
	}

	fn get<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, String> {
		match self.0.get(name) {
			Some(value) => value.parse().map_err(|_| format!("bad value for --{name}: {value}")),
			None => Ok(default),
		}
	}

	fn has(&self, name: &str) -> bool {
		self.0.contains_key(name)
	}
}

fn parse_genesis(value: &str) -> Result<H256, String> {
	let digits = value.strip_prefix("0x").unwrap_or(value);
	if digits.len() != 64 {
		return Err("--genesis needs 32 bytes of hex".into());
	}
	let mut bytes = [0u8; 32];
	for (i, byte) in bytes.iter_mut().enumerate() {
		*byte = u8::from_str_radix(&digits[2 * i..2 * i + 2], 16).map_err(|e| e.to_string())?;
	}
	Ok(H256(bytes))
}

fn main() -> Result<(), Box<dyn Error>> {
	let args = Args::parse()?;
	let updates: u32 = args.get("updates", 10_000)?;
	let chain_length: u32 = args.get("chain-length", 1_000)?;
	let mode = match args.get("mode", "micro".to_string())?.as_str() {
		"micro" => Mode::Micro { chain_length: chain_length.min(MAX_MICRO_CHAIN_LENGTH) },
		"signed" => Mode::Signed,
		other => return Err(format!("unknown mode {other}").into()),
	};
	let channel_id: u64 = args.get("channel-id", 0)?;
	let genesis_hash = match args.0.get("genesis") {
		Some(value) => parse_genesis(value)?,
		None => H256::repeat_byte(0x4d),
	};
	let dir: PathBuf = args
		.get("dir", std::env::temp_dir().join(format!("mooring-channel-{}", std::process::id())))?;
	std::fs::create_dir_all(&dir)?;
	let store = |name: &str| {
		let path = dir.join(name);
		if args.has("no-sync") {
			FileStore::without_sync(path)
		} else {
			FileStore::new(path)
		}
	};

	// The two parties: A pays, B is paid. Deposits as if both had called open/join.
	let (key_a, key_b) = (ChannelKeypair::generate(), ChannelKeypair::generate());
	let deposit = 1_000_000_000_000u128;
	let params = |me, counterparty_key| ChannelParams {
		channel_id,
		genesis_hash,
		me,
		counterparty_key,
		deposit_a: deposit,
		deposit_b: deposit,
	};
	let payer = Channel::new(params(Party::A, key_b.public()), key_a.clone());
	let payee = Channel::new(params(Party::B, key_a.public()), key_b.clone());
	let config = ExchangeConfig {
		updates,
		amount: 1_000,
		mode,
		persistence: Persistence {
			payer: store("payer.state"),
			payee: store("payee.state"),
			every: args.get("persist-every", 100)?,
		},
	};

	let report = run_local_exchange(payer, payee, &config)?;
	let seconds = report.elapsed.as_secs_f64();
	println!("mode:               {mode:?}");
	println!("updates:            {}", report.updates);
	println!("states signed by both: {}", report.signed_states);
	println!(
		"elapsed:            {seconds:.3} s ({:.0} updates/s over the socket)",
		report.updates as f64 / seconds
	);
	let state = &report.payee_final.state;
	println!(
		"final state:        channel {} nonce {} final {} A paid {} B paid {}",
		state.channel_id, state.nonce, state.is_final, state.transferred_a, state.transferred_b
	);
	println!("balances (A, B):    {:?}", report.balances);
	assert_eq!(report.payer_final, report.payee_final, "both sides hold the same final state");
	// The check the pallet runs (sp_io ed25519 over the same bytes).
	report
		.payee_final
		.verify(&genesis_hash, channel_id, &key_a.public(), &key_b.public())
		.map_err(|error| format!("final state does not verify: {error:?}"))?;
	println!("signatures:         valid for the pallet's check");
	println!("persisted to:       {}", dir.display());
	println!("cooperative_close args (SCALE): {}", hex(&codec::Encode::encode(&report.close_args)));

	if let Some(rpc_url) = args.0.get("rpc-url") {
		let pallet_index: u8 = args.get("pallet-index", 0)?;
		match submit_cooperative_close(rpc_url, pallet_index, &report.close_args) {
			Ok(()) => println!("cooperative close submitted to {rpc_url}"),
			Err(error) => println!("on-chain close: {error}"),
		}
	}
	Ok(())
}
