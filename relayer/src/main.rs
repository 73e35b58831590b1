//! `mooring-relayer`: run the relayer, inspect it, and help users take withdrawals out.

use alloy::{primitives::Address, providers::Provider};
use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};
use mooring_primitives::bridge::L1Contract;
use mooring_relayer::{
	config::{Config, L1KeyConfig},
	db::Db,
	l1::{self, BatchInbox, OutputOracle, Portal},
	l2::L2,
	tools,
	txmgr::TxRecord,
	withdraw,
};
use serde_json::json;
use std::path::PathBuf;

/// Mooring's relayer between the L2 and BNB Chain.
#[derive(Parser)]
#[command(name = "mooring-relayer", version, about)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Run the enabled loops (batcher, proposer, deposit relayer) until SIGINT/SIGTERM.
	Run {
		/// The TOML config (MOORING_RELAYER_* variables override its keys).
		#[arg(long, short)]
		config: PathBuf,
	},
	/// Run only the verifier: derive L2 from the BatchInbox into the node at
	/// `verifier.node_url` and challenge wrong outputs (the other loops stay off whatever the
	/// config says).
	Verify {
		/// The TOML config (MOORING_RELAYER_* variables override its keys).
		#[arg(long, short)]
		config: PathBuf,
	},
	/// Print the relayer's progress: chain state and the database.
	Status {
		/// The TOML config.
		#[arg(long, short)]
		config: PathBuf,
	},
	/// Withdrawals from L2 to L1.
	#[command(subcommand)]
	Withdraw(WithdrawCommand),
	/// Measurement tools.
	#[command(subcommand)]
	Tools(ToolsCommand),
}

#[derive(Args)]
struct Endpoints {
	/// The Mooring node (ws:// or http://).
	#[arg(long, env = "MOORING_L2_RPC", default_value = "ws://127.0.0.1:9944")]
	l2_rpc: String,
	/// The BNB Chain RPC.
	#[arg(long, env = "MOORING_L1_RPC", default_value = "http://127.0.0.1:8546")]
	l1_rpc: String,
	/// The Portal (its oracle is read from it).
	#[arg(long)]
	portal: Option<Address>,
	/// The OutputOracle (when no Portal is given).
	#[arg(long)]
	oracle: Option<Address>,
	/// The withdrawal nonce.
	#[arg(long)]
	nonce: u64,
}

#[derive(Subcommand)]
enum WithdrawCommand {
	/// Print the proof JSON for the output covering the withdrawal, or how long until one
	/// exists / is final.
	Prove(Endpoints),
	/// Prove and call Portal.finalizeWithdrawal once the output is final.
	Finalize {
		#[command(flatten)]
		endpoints: Endpoints,
		/// Variable holding the 0x-hex key that pays the gas.
		#[arg(long)]
		private_key_env: Option<String>,
		/// Or a keystore file...
		#[arg(long)]
		keystore: Option<PathBuf>,
		/// ...whose password is in this variable.
		#[arg(long)]
		keystore_password_env: Option<String>,
	},
}

#[derive(Subcommand)]
enum ToolsCommand {
	/// Compress real L2 blocks with zstd and brotli at several levels and print the sizes.
	Compression {
		/// The Mooring node.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		l2_rpc: String,
		/// First block (default 1).
		#[arg(long, default_value_t = 1)]
		from: u64,
		/// Last block (default: finalized).
		#[arg(long)]
		to: Option<u64>,
		/// Batch size limit for the split figures.
		#[arg(long, default_value_t = 120_000)]
		max_frame_bytes: usize,
	},
	/// Development setup: map a BEP-20 to an L2 asset the bridge creates and alone controls,
	/// named as the token is on L1 (a motion of a one-member council, which executes at once).
	RegisterToken {
		/// The Mooring node.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		l2_rpc: String,
		/// The BNB Chain RPC the token's name, symbol and decimals are read from.
		#[arg(long, env = "MOORING_L1_RPC", default_value = "http://127.0.0.1:8546")]
		l1_rpc: String,
		/// The BEP-20 on L1.
		#[arg(long)]
		token: Address,
		/// The L2 asset id to create.
		#[arg(long)]
		asset_id: u32,
		/// Variable holding the council member's secret URI (`//Alice` on the devnet).
		#[arg(long, default_value = "MOORING_COUNCIL_SURI")]
		council_suri_env: String,
	},
	/// Development setup: settle the L2 bridge to a Portal (`Bridge.set_portal` as a motion of a
	/// one-member council); on production the same call is a motion of the whole council.
	SetPortal {
		/// The Mooring node.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		l2_rpc: String,
		/// The L1 chain id of the Portal.
		#[arg(long)]
		chain_id: u64,
		/// The Portal on L1.
		#[arg(long)]
		portal: Address,
		/// The first deposit nonce to take from it (its `depositNonce()` at deployment; 0 for
		/// a first Portal).
		#[arg(long, default_value_t = 0)]
		next_deposit_nonce: u64,
		/// Variable holding the council member's secret URI (`//Alice` on the devnet).
		#[arg(long, default_value = "MOORING_COUNCIL_SURI")]
		council_suri_env: String,
	},
}

#[tokio::main]
async fn main() {
	let cli = Cli::parse();
	if let Err(e) = dispatch(cli).await {
		eprintln!("error: {e:#}");
		std::process::exit(1);
	}
}

async fn dispatch(cli: Cli) -> anyhow::Result<()> {
	match cli.command {
		Command::Run { config } => {
			let config = Config::load(&config)?;
			mooring_relayer::init_logging(&config.log.format, &config.log.filter);
			mooring_relayer::run(config).await
		},
		Command::Verify { config } => {
			let mut config = Config::load(&config)?;
			config.batcher.enabled = false;
			config.proposer.enabled = false;
			config.deposits.enabled = false;
			config.verifier.enabled = true;
			mooring_relayer::init_logging(&config.log.format, &config.log.filter);
			mooring_relayer::run(config).await
		},
		Command::Status { config } => status(Config::load(&config)?).await,
		Command::Withdraw(WithdrawCommand::Prove(e)) => {
			let l1 = l1::connect(std::slice::from_ref(&e.l1_rpc), None).await?;
			let l2 = L2::connect(&e.l2_rpc).await?;
			let contracts = withdraw::Contracts::resolve(&l1, e.portal, e.oracle).await?;
			let status = withdraw::prove(&l1, &l2, &contracts, e.nonce).await?;
			println!("{}", serde_json::to_string_pretty(&status)?);
			eprintln!("{}", status.message);
			Ok(())
		},
		Command::Withdraw(WithdrawCommand::Finalize {
			endpoints: e,
			private_key_env,
			keystore,
			keystore_password_env,
		}) => {
			let portal = e.portal.context("finalize needs --portal")?;
			let key =
				L1KeyConfig { private_key_env, keystore, keystore_password_env }.load("payer")?;
			let l2 = L2::connect(&e.l2_rpc).await?;
			let (status, tx) =
				withdraw::finalize(&e.l1_rpc, &l2, portal, e.nonce, key.signer().clone()).await?;
			println!(
				"{}",
				serde_json::to_string_pretty(&json!({
					"nonce": e.nonce,
					"outputIndex": status.output_index,
					"transactionHash": tx,
					"recipient": status.proof.as_ref().map(|p| Address::from(p.leaf.l1_recipient)),
					"amount": status.proof.as_ref().map(|p| p.leaf.amount.to_string()),
				}))?
			);
			Ok(())
		},
		Command::Tools(ToolsCommand::Compression { l2_rpc, from, to, max_frame_bytes }) => {
			compression_report(&l2_rpc, from, to, max_frame_bytes).await
		},
		Command::Tools(ToolsCommand::RegisterToken {
			l2_rpc,
			l1_rpc,
			token,
			asset_id,
			council_suri_env,
		}) => {
			let secret = mooring_relayer::config::secret_from_env(&council_suri_env)?;
			let member = mooring_relayer::l2::keypair_from_uri(secret.expose())?;
			let l2 = L2::connect(&l2_rpc).await?;
			let l1 = l1::connect(std::slice::from_ref(&l1_rpc), None).await?;
			let metadata = tools::l1_token_metadata(&l1, token).await?;
			tools::register_token(&l2, &member, token.into_array(), asset_id, &metadata).await?;
			println!(
				"asset {asset_id} created, mapped to {token} and named {:?} ({}, {} decimals)",
				metadata.name, metadata.symbol, metadata.decimals
			);
			Ok(())
		},
		Command::Tools(ToolsCommand::SetPortal {
			l2_rpc,
			chain_id,
			portal,
			next_deposit_nonce,
			council_suri_env,
		}) => {
			let secret = mooring_relayer::config::secret_from_env(&council_suri_env)?;
			let member = mooring_relayer::l2::keypair_from_uri(secret.expose())?;
			let l2 = L2::connect(&l2_rpc).await?;
			let contract = L1Contract { chain_id, address: portal.into_array() };
			tools::set_portal(&l2, &member, contract, next_deposit_nonce).await?;
			println!("the L2 bridge settles to {portal} on chain {chain_id} from deposit {next_deposit_nonce}");
			Ok(())
		},
	}
}

fn record_json(record: &TxRecord) -> serde_json::Value {
	json!({
		"nonce": record.nonce,
		"purpose": record.purpose,
		"attempts": record.attempts.iter().map(|a| json!({
			"hash": a.hash, "fees": a.fees, "sentAt": a.sent_at,
		})).collect::<Vec<_>>(),
		"mined": record.mined,
	})
}

async fn status(config: Config) -> anyhow::Result<()> {
	let l1 = l1::connect(&config.l1.rpc_urls(), Some(config.l1.chain_id)).await?;
	let inbox = BatchInbox::new(config.l1.batch_inbox, l1.clone());
	let oracle = OutputOracle::new(config.l1.output_oracle, l1.clone());
	let portal = Portal::new(config.l1.portal, l1.clone());
	let next_block = inbox.nextBlock().call().await?;
	let mut report = json!({
		"l1": {
			"head": l1.get_block_number().await?,
			"batchCount": inbox.batchCount().call().await?.to_string(),
			"lastBatchedL2Block": next_block - 1,
			"outputs": oracle.nextOutputIndex().call().await?.to_string(),
			"lastOutputL2Block": oracle.latestBlockNumber().call().await?.to_string(),
			"portalDepositNonce": portal.depositNonce().call().await?.to_string(),
		},
	});
	match L2::connect(&config.l2.rpc_url).await {
		Ok(l2) => {
			let finalized = l2.finalized_number().await?;
			report["l2"] = json!({
				"best": l2.best_number().await?,
				"finalized": finalized,
				"lagBlocks": finalized as i64 - (next_block as i64 - 1),
				"nextDepositNonce": l2.next_deposit_nonce().await.ok(),
			});
		},
		Err(e) => report["l2"] = json!({ "error": format!("{e:#}") }),
	}
	match Db::open(&config.db.path) {
		Ok(db) => {
			let batcher: Vec<TxRecord> = db.l1_txs("batcher")?;
			let proposer: Vec<TxRecord> = db.l1_txs("proposer")?;
			report["db"] = json!({
				"path": config.db.path,
				"depositCursor": db.deposit_cursor()?,
				"storedDeposits": db.stored_deposits()?,
				"inFlight": {
					"batcher": batcher.iter().map(record_json).collect::<Vec<_>>(),
					"proposer": proposer.iter().map(record_json).collect::<Vec<_>>(),
				},
				"counters": {
					"batches": db.counter("batcher.batches")?,
					"outputs": db.counter("proposer.outputs")?,
					"depositsRelayed": db.counter("deposits.relayed")?,
				},
			});
		},
		Err(e) => {
			report["db"] = json!({
				"path": config.db.path,
				"error": format!("{e:#} (a running relayer holds it: see its /metrics)"),
			})
		},
	}
	println!("{}", serde_json::to_string_pretty(&report)?);
	Ok(())
}

async fn compression_report(
	l2_rpc: &str,
	from: u64,
	to: Option<u64>,
	max_frame_bytes: usize,
) -> anyhow::Result<()> {
	let l2 = L2::connect(l2_rpc).await?;
	let to = match to {
		Some(to) => to,
		None => l2.finalized_number().await?,
	};
	if to < from {
		bail!("empty range {from}..={to}");
	}
	let blocks = tools::fetch_blocks(&l2, from, to).await?;
	print!("{}", tools::compression_report(&blocks, max_frame_bytes)?);
	Ok(())
}
