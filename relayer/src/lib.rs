//! Mooring's relayer between the L2 and BNB Chain.
//!
//! Four loops, each enabled in the config, each resuming exactly where it stopped:
//! - [`batcher`]: finalized L2 blocks → compressed batches → `BatchInbox.postBatch`, one frame
//!   per L1 transaction;
//! - [`proposer`]: `bridge_outputPreimage(n)` every `output_interval` blocks →
//!   `OutputOracle.proposeOutputWithPreimage`;
//! - [`deposits`]: Portal `DepositInitiated` logs → `Bridge.relay_deposits` on L2; with the same
//!   account, BNB Chain's prices → `L1Fee.report_l1_prices` ([`l1_prices`]);
//! - [`verifier`]: BatchInbox batches (read back by [`inbox`]) → the verifier's own node; wrong outputs →
//!   `deleteOutputs` or `proveOutputFault`.
//!
//! L1 transactions go through [`txmgr`] (nonces, fees, bumping, confirmations, reorgs, a
//! write-ahead record in the [`db`]). [`withdraw`] holds the user commands.

pub mod batch;
pub mod batcher;
pub mod config;
pub mod db;
pub mod deposits;
pub mod inbox;
pub mod l1;
pub mod l1_prices;
pub mod l2;
pub mod metrics;
pub mod proposer;
pub mod service;
pub mod tools;
pub mod txmgr;
pub mod verifier;
pub mod withdraw;

use crate::{
	config::{secret_from_env, Config},
	db::Db,
	metrics::Metrics,
	service::{run_loop, Ctx},
	txmgr::TxManager,
};
use anyhow::{bail, Context};
use std::{sync::Arc, time::Duration};
use tokio_util::sync::CancellationToken;

/// Sets up logging: text or JSON lines on stderr, filtered by `RUST_LOG` or the config.
pub fn init_logging(format: &str, filter: &str) {
	let filter = tracing_subscriber::EnvFilter::try_from_default_env()
		.unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(filter));
	let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
	let _ = if format == "json" { builder.json().try_init() } else { builder.try_init() };
}

/// Cancels `token` on SIGINT or SIGTERM.
pub fn cancel_on_signals(token: CancellationToken) -> anyhow::Result<()> {
	use tokio::signal::unix::{signal, SignalKind};
	let mut interrupt = signal(SignalKind::interrupt())?;
	let mut terminate = signal(SignalKind::terminate())?;
	tokio::spawn(async move {
		tokio::select! {
			_ = interrupt.recv() => tracing::info!("SIGINT: finishing in-flight work"),
			_ = terminate.recv() => tracing::info!("SIGTERM: finishing in-flight work"),
		}
		token.cancel();
	});
	Ok(())
}

/// Runs the enabled loops until SIGINT/SIGTERM.
pub async fn run(config: Config) -> anyhow::Result<()> {
	let shutdown = CancellationToken::new();
	cancel_on_signals(shutdown.clone())?;
	if !config.batcher.enabled
		&& !config.proposer.enabled
		&& !config.deposits.enabled
		&& !config.verifier.enabled
	{
		bail!("no loop is enabled: set batcher.enabled, proposer.enabled, deposits.enabled or verifier.enabled");
	}
	// Keys first: a missing key fails at once, before anything else happens.
	let batcher_key =
		config.batcher.enabled.then(|| config.batcher.key.load("batcher")).transpose()?;
	let proposer_key =
		config.proposer.enabled.then(|| config.proposer.key.load("proposer")).transpose()?;
	let l2_secret = config
		.deposits
		.enabled
		.then(|| secret_from_env(&config.deposits.l2_key_env))
		.transpose()?;
	let challenger_key = (config.verifier.enabled
		&& (config.verifier.challenge || config.verifier.prove))
		.then(|| config.verifier.key.load("challenger"))
		.transpose()?;
	let signers = [&batcher_key, &proposer_key, &challenger_key];
	let addresses: Vec<_> =
		signers.iter().filter_map(|key| key.as_ref().map(|k| k.address())).collect();
	if addresses.iter().collect::<std::collections::BTreeSet<_>>().len() != addresses.len() {
		bail!("the batcher, the proposer and the challenger must use different keys (one nonce sequence per signer)");
	}

	let db = Arc::new(Db::open(&config.db.path)?);
	let metrics = Metrics::new();
	let l1 = l1::connect(&config.l1.rpc_urls(), Some(config.l1.chain_id)).await?;
	for (name, address) in [
		("batch_inbox", config.l1.batch_inbox),
		("output_oracle", config.l1.output_oracle),
		("portal", config.l1.portal),
	] {
		if !l1::has_code(&l1, address).await? {
			bail!("l1.{name} {address} has no code on chain {}", config.l1.chain_id);
		}
	}
	let ctx = Arc::new(Ctx {
		config: config.clone(),
		db: db.clone(),
		metrics: metrics.clone(),
		l1,
		shutdown: shutdown.clone(),
	});

	let mut tasks = vec![];
	if config.metrics.enabled {
		let listener = tokio::net::TcpListener::bind(&config.metrics.listen)
			.await
			.with_context(|| format!("cannot listen on {}", config.metrics.listen))?;
		tracing::info!(listen = %config.metrics.listen, "serving /metrics and /health");
		tasks.push(tokio::spawn(metrics::serve(
			listener,
			metrics.clone(),
			config.metrics.health_stale_secs,
			shutdown.clone(),
		)));
	}
	let txm = |role: &'static str, key: config::L1Key| {
		tracing::info!(role, address = %key.address(), "L1 signer");
		TxManager::new(
			role,
			ctx.l1.clone(),
			key,
			config.l1.chain_id,
			config.l1.fees.clone(),
			config.l1.confirmations,
			ctx.poll(),
			db.clone(),
			metrics.clone(),
		)
	};
	if let Some(key) = batcher_key {
		let worker = batcher::Batcher::new(ctx.clone(), txm("batcher", key));
		tasks.push(tokio::spawn(run_loop(ctx.clone(), worker)));
	}
	if let Some(key) = proposer_key {
		let worker = proposer::Proposer::new(ctx.clone(), txm("proposer", key));
		tasks.push(tokio::spawn(run_loop(ctx.clone(), worker)));
	}
	if config.verifier.enabled {
		let challenger = challenger_key.map(|key| txm("challenger", key));
		let worker = verifier::Verifier::new(ctx.clone(), challenger);
		tasks.push(tokio::spawn(run_loop(ctx.clone(), worker)));
	}
	if let Some(secret) = l2_secret {
		let worker = deposits::DepositRelayer::new(ctx.clone(), &secret)?;
		tasks.push(tokio::spawn(run_loop(ctx.clone(), worker)));
	}
	shutdown.cancelled().await;
	let all = futures::future::join_all(tasks);
	if tokio::time::timeout(Duration::from_secs(60), all).await.is_err() {
		tracing::warn!("loops did not stop within 60 s; exiting (in-flight state is recorded)");
	}
	tracing::info!("stopped");
	Ok(())
}
