//! What the loops share: configuration, database, metrics, the L1 provider, the L2 connection
//! (re-established after a failure), and the round runner with graceful shutdown.

use crate::{config::Config, db::Db, l2::L2, metrics::Metrics};
use alloy::providers::DynProvider;
use std::{future::Future, sync::Arc, time::Duration};
use tokio_util::sync::CancellationToken;

/// Shared by every loop.
pub struct Ctx {
	/// The configuration.
	pub config: Config,
	/// The database.
	pub db: Arc<Db>,
	/// Metrics.
	pub metrics: Arc<Metrics>,
	/// L1.
	pub l1: DynProvider,
	/// Fires on SIGINT/SIGTERM.
	pub shutdown: CancellationToken,
}

impl Ctx {
	/// The polling interval.
	pub fn poll(&self) -> Duration {
		Duration::from_millis(self.config.l1.poll_interval_ms)
	}

	/// Sleeps `duration` unless shutdown comes first; returns whether to go on.
	pub async fn pause(&self, duration: Duration) -> bool {
		tokio::select! {
			_ = self.shutdown.cancelled() => false,
			_ = tokio::time::sleep(duration) => true,
		}
	}
}

/// A lazily (re)connected L2 client: a failed round drops it, the next reconnects.
pub struct L2Conn {
	url: String,
	client: Option<L2>,
}

impl L2Conn {
	/// Not connected yet.
	pub fn new(url: &str) -> Self {
		Self { url: url.into(), client: None }
	}

	/// The client, connecting if needed.
	pub async fn get(&mut self) -> anyhow::Result<L2> {
		if let Some(client) = &self.client {
			return Ok(client.clone());
		}
		let client = L2::connect(&self.url).await?;
		self.client = Some(client.clone());
		Ok(client)
	}

	/// Forgets the connection (after an error).
	pub fn reset(&mut self) {
		self.client = None;
	}
}

/// A loop made of rounds.
pub trait Round {
	/// The loop's name (for logs, metrics, health).
	const NAME: &'static str;

	/// One round: settle what is in flight, then do what the chains say is next. Must return
	/// promptly once `shutdown` fires, leaving a state a restart resumes from.
	fn round(&mut self) -> impl Future<Output = anyhow::Result<()>> + Send;

	/// Called after a failed round (e.g. to drop a connection).
	fn on_error(&mut self) {}
}

/// Runs `worker` round after round until shutdown.
pub async fn run_loop<W: Round>(ctx: Arc<Ctx>, mut worker: W) {
	ctx.metrics.register_loop(W::NAME);
	tracing::info!(target: "mooring_relayer", "{} started", W::NAME);
	let mut failures = 0u32;
	while !ctx.shutdown.is_cancelled() {
		let wait = match worker.round().await {
			Ok(()) => {
				failures = 0;
				ctx.metrics.loop_ok(W::NAME);
				ctx.poll()
			},
			Err(e) => {
				failures += 1;
				ctx.metrics.loop_error(W::NAME);
				tracing::error!(target: "mooring_relayer", r#loop = W::NAME, error = format!("{e:#}"), "round failed");
				worker.on_error();
				// Back off up to a minute while the failure persists.
				ctx.poll() * failures.min(20)
			},
		};
		if !ctx.pause(wait).await {
			break;
		}
	}
	tracing::info!(target: "mooring_relayer", "{} stopped", W::NAME);
}
