//! Two parties exchange 10,000 channel updates over TCP on 127.0.0.1, then close the channel.
//!
//! ```text
//! cargo run --release -p mooring-channel --example local_exchange -- \
//!     [--updates 10000] [--mode micro|signed] [--chain-length 1000] [--persist-every 100] \
//!     [--no-sync] [--dir DIR] [--deposit 1000000000000000] \
//!     [--l2-rpc ws://127.0.0.1:9944 [--payer //Alice] [--payee //Bob] [--challenge-period 300]]
//!     [--channel-id 0] [--genesis 0x<32 bytes>]
//! ```
//!
//! With `--l2-rpc` (e.g. against `scripts/devnet`) everything happens on a real chain: the payer
//! (`A`, account `--payer`) opens the channel in the native token, the payee (`B`, `--payee`)
//! joins it, both deposit `--deposit`; the two exchange the updates off chain against the
//! channel id and genesis hash the chain gave them; then the payer submits the final state with
//! `cooperative_close` and the example checks that the chain paid out exactly the balances of
//! that state. `tests/tests/channels.rs` runs the same calls against a dev node.
//!
//! Without a node the channel id and genesis hash are made up (`--channel-id`, `--genesis`; the
//! signatures still bind them) and the example stops at the signed final state and the
//! `cooperative_close` arguments.

use mooring_channel::{
	exchange::{run_local_exchange, ExchangeConfig, Mode, Persistence},
	onchain::{hex, Keypair},
	ChainClient, Channel, ChannelAsset, ChannelKeypair, FileStore, OpenChannel,
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
	let deposit: u128 = args.get("deposit", 1_000_000_000_000_000)?;
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

	// The two parties: A pays, B is paid, each with a fresh channel key.
	let (key_a, key_b) = (ChannelKeypair::generate(), ChannelKeypair::generate());
	let chain = match args.0.get("l2-rpc") {
		Some(url) => Some(OnChain::open(url, &args, deposit, &key_a, &key_b)?),
		None => None,
	};
	let open = match &chain {
		Some(chain) => chain.open.clone(),
		// Deposits as if both had called open/join.
		None => OpenChannel {
			channel_id: args.get("channel-id", 0)?,
			genesis_hash: match args.0.get("genesis") {
				Some(value) => parse_genesis(value)?,
				None => H256::repeat_byte(0x4d),
			},
			key_a: key_a.public(),
			key_b: key_b.public(),
			deposit_a: deposit,
			deposit_b: deposit,
		},
	};
	let (channel_id, genesis_hash) = (open.channel_id, open.genesis_hash);
	let payer = Channel::new(open.params(Party::A), key_a.clone());
	let payee = Channel::new(open.params(Party::B), key_b.clone());
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

	if let Some(chain) = chain {
		chain.close(&report.close_args, report.balances)?;
	}
	Ok(())
}

/// The chain side: a node client, the two accounts and the channel they opened.
struct OnChain {
	runtime: tokio::runtime::Runtime,
	client: ChainClient,
	payer: Keypair,
	open: OpenChannel,
}

impl OnChain {
	/// Connects to `url`, then the payer opens the channel and the payee joins it.
	fn open(
		url: &str,
		args: &Args,
		deposit: u128,
		key_a: &ChannelKeypair,
		key_b: &ChannelKeypair,
	) -> Result<Self, Box<dyn Error>> {
		let account = |flag: &str, default: &str| -> Result<Keypair, Box<dyn Error>> {
			let uri: subxt_signer::SecretUri = args.get(flag, default.to_string())?.parse()?;
			Ok(Keypair::from_uri(&uri)?)
		};
		let (payer, payee) = (account("payer", "//Alice")?, account("payee", "//Bob")?);
		let challenge_period: u32 = args.get("challenge-period", mooring_primitives::DAY)?;
		let runtime = tokio::runtime::Runtime::new()?;
		let client = runtime.block_on(ChainClient::connect(url))?;
		let open = runtime.block_on(client.open_and_join(
			&payer,
			&payee,
			ChannelAsset::Native,
			(deposit, deposit),
			challenge_period,
			(key_a.public(), key_b.public()),
		))?;
		println!(
			"on chain:           channel {} opened and joined on {url} (genesis {:?})",
			open.channel_id, open.genesis_hash
		);
		Ok(Self { runtime, client, payer, open })
	}

	/// The payer submits the final state; the chain must pay out exactly its balances.
	fn close(
		&self,
		args: &mooring_channel::CooperativeCloseArgs,
		balances: (u128, u128),
	) -> Result<(), Box<dyn Error>> {
		let closed = self.runtime.block_on(self.client.cooperative_close(&self.payer, args))?;
		println!(
			"on chain:           channel {} closed cooperatively at nonce {}, paid A {} and B {}",
			closed.channel_id, closed.nonce, closed.payout_a, closed.payout_b
		);
		if (closed.payout_a, closed.payout_b) != balances {
			return Err(
				format!("the chain paid {closed:?}, the final state says {balances:?}").into()
			);
		}
		Ok(())
	}
}
