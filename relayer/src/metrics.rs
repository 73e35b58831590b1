//! Prometheus metrics and the `/health` endpoint, served over plain HTTP (hyper).
//!
//! `/health` answers 200 when every enabled loop completed a round (made progress or found
//! nothing to do) within `health_stale_secs`, else 503; the body says which loop is stale.

use alloy::primitives::U256;
use http_body_util::Full;
use hyper::{body::Bytes, server::conn::http1, service::service_fn, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use prometheus::{
	Encoder, Gauge, GaugeVec, IntCounter, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};
use std::{
	collections::BTreeMap,
	sync::{
		atomic::{AtomicU64, Ordering},
		Arc, Mutex,
	},
	time::{SystemTime, UNIX_EPOCH},
};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

/// Every metric of the relayer.
pub struct Metrics {
	registry: Registry,
	/// The last L2 block posted to the BatchInbox (`nextBlock() - 1`).
	pub last_batched_block: IntGauge,
	/// The L2 block of the latest output on the OutputOracle.
	pub last_output_block: IntGauge,
	/// The L2 finalized block number.
	pub l2_finalized_block: IntGauge,
	/// L2 finalized minus last batched block.
	pub l2_lag_blocks: IntGauge,
	/// L1 balance per signer, in BNB.
	pub l1_balance: GaugeVec,
	/// Deposits relayed to L2.
	pub deposits_relayed: IntCounter,
	/// The next deposit nonce the L2 bridge expects.
	pub next_deposit_nonce: IntGauge,
	/// L1 price reports accepted by L2.
	pub l1_prices_reported: IntCounter,
	/// L1 price reports that failed (the deposit relayer goes on).
	pub l1_price_reports_failed: IntCounter,
	/// The L1 gas price last reported to L2, in wei.
	pub l1_gas_price_reported: IntGauge,
	/// L2 blocks since the L1 prices in force were reported.
	pub l1_prices_age_blocks: IntGauge,
	/// Batches posted.
	pub batches_posted: IntCounter,
	/// Bytes posted in batches.
	pub batch_bytes_posted: IntCounter,
	/// Outputs proposed.
	pub outputs_proposed: IntCounter,
	/// 1 while the proposer has stopped because its bond, once full, fell below the required
	/// bond (slashed, or withdrawn by hand); 0 otherwise.
	pub proposer_bond_lost: IntGauge,
	/// Fee bumps per role.
	pub tx_bumps: IntCounterVec,
	/// L1 transactions given up (they can never be mined), per role and reason
	/// ([`crate::txmgr::DropReason`]).
	pub tx_dropped: IntCounterVec,
	/// L1 reorgs noticed (a mined transaction or scanned block disappeared).
	pub l1_reorgs: IntCounter,
	/// Relayed deposits that an L1 reorg replaced by a different deposit under the same nonce:
	/// L2 credited something L1 no longer holds. Alert on any increase.
	pub deposits_changed_by_reorg: IntCounter,
	/// Failed rounds per loop.
	pub loop_errors: IntCounterVec,
	/// Unix time of the last completed round per loop.
	pub loop_last_ok: GaugeVec,
	/// Compression ratio (raw / compressed) of the last batch.
	pub last_batch_ratio: Gauge,
	/// The last L2 block the verifier derived from L1 batches into its node.
	pub derived_block: IntGauge,
	/// Last L2 block posted to the BatchInbox minus the last derived block.
	pub derivation_lag_blocks: IntGauge,
	/// L2 blocks the verifier imported into its node.
	pub blocks_derived: IntCounter,
	/// Outputs the verifier recomputed.
	pub outputs_checked: IntCounter,
	/// Outputs that differ from the verifier's own.
	pub outputs_wrong: IntCounter,
	/// Wrong outputs the verifier deleted with `deleteOutputs`.
	pub outputs_challenged: IntCounter,
	/// Wrong outputs the verifier deleted with a fault proof (`proveOutputFault`).
	pub outputs_proven: IntCounter,
	health: Mutex<BTreeMap<&'static str, Arc<AtomicU64>>>,
}

fn unix_now() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

impl Metrics {
	/// Registers every metric.
	pub fn new() -> Arc<Self> {
		let registry =
			Registry::new_custom(Some("mooring_relayer".into()), None).expect("a valid prefix");
		fn gauge(r: &Registry, name: &str, help: &str) -> IntGauge {
			let g = IntGauge::new(name, help).expect("valid metric");
			r.register(Box::new(g.clone())).expect("unique metric");
			g
		}
		fn counter(r: &Registry, name: &str, help: &str) -> IntCounter {
			let c = IntCounter::new(name, help).expect("valid metric");
			r.register(Box::new(c.clone())).expect("unique metric");
			c
		}
		let l1_balance = GaugeVec::new(
			Opts::new("l1_balance_bnb", "L1 balance of each signer, in BNB"),
			&["role"],
		)
		.expect("valid metric");
		registry.register(Box::new(l1_balance.clone())).expect("unique metric");
		let tx_bumps = IntCounterVec::new(
			Opts::new("l1_tx_bumps_total", "L1 transactions re-sent with higher fees"),
			&["role"],
		)
		.expect("valid metric");
		registry.register(Box::new(tx_bumps.clone())).expect("unique metric");
		let tx_dropped = IntCounterVec::new(
			Opts::new("l1_tx_dropped_total", "L1 transactions given up, per role and reason"),
			&["role", "reason"],
		)
		.expect("valid metric");
		registry.register(Box::new(tx_dropped.clone())).expect("unique metric");
		let loop_errors =
			IntCounterVec::new(Opts::new("loop_errors_total", "Failed rounds per loop"), &["loop"])
				.expect("valid metric");
		registry.register(Box::new(loop_errors.clone())).expect("unique metric");
		let loop_last_ok = GaugeVec::new(
			Opts::new(
				"loop_last_ok_timestamp_seconds",
				"Unix time of each loop's last completed round",
			),
			&["loop"],
		)
		.expect("valid metric");
		registry.register(Box::new(loop_last_ok.clone())).expect("unique metric");
		let last_batch_ratio = Gauge::new(
			"last_batch_compression_ratio",
			"Uncompressed / compressed size of the last batch",
		)
		.expect("valid metric");
		registry.register(Box::new(last_batch_ratio.clone())).expect("unique metric");
		Arc::new(Self {
			last_batched_block: gauge(
				&registry,
				"last_batched_l2_block",
				"Last L2 block posted to the BatchInbox",
			),
			last_output_block: gauge(
				&registry,
				"last_output_l2_block",
				"L2 block of the latest proposed output",
			),
			l2_finalized_block: gauge(&registry, "l2_finalized_block", "L2 finalized block number"),
			derived_block: gauge(
				&registry,
				"verifier_derived_l2_block",
				"Last L2 block derived from L1 batches",
			),
			derivation_lag_blocks: gauge(
				&registry,
				"verifier_derivation_lag_blocks",
				"Last batched L2 block minus last derived block",
			),
			blocks_derived: counter(
				&registry,
				"verifier_blocks_derived_total",
				"L2 blocks imported from L1 batches",
			),
			outputs_checked: counter(
				&registry,
				"verifier_outputs_checked_total",
				"Outputs recomputed by the verifier",
			),
			outputs_wrong: counter(
				&registry,
				"verifier_outputs_wrong_total",
				"Outputs that differ from the derived chain's",
			),
			outputs_challenged: counter(
				&registry,
				"verifier_outputs_challenged_total",
				"Wrong outputs deleted by the verifier",
			),
			outputs_proven: counter(
				&registry,
				"verifier_outputs_proven_total",
				"Wrong outputs deleted by the verifier with a fault proof L1 checks",
			),
			l2_lag_blocks: gauge(
				&registry,
				"l2_lag_blocks",
				"L2 finalized block minus last batched block",
			),
			next_deposit_nonce: gauge(
				&registry,
				"next_deposit_nonce",
				"Next deposit nonce the L2 bridge expects",
			),
			deposits_relayed: counter(
				&registry,
				"deposits_relayed_total",
				"Deposits relayed to L2",
			),
			l1_prices_reported: counter(
				&registry,
				"l1_prices_reported_total",
				"L1 price reports accepted by L2 (L1Fee.report_l1_prices)",
			),
			l1_price_reports_failed: counter(
				&registry,
				"l1_price_reports_failed_total",
				"L1 price reports that failed",
			),
			l1_prices_age_blocks: gauge(
				&registry,
				"l1_prices_age_blocks",
				"L2 blocks since the L1 prices in force on L2 were reported (stale after 600)",
			),
			l1_gas_price_reported: gauge(
				&registry,
				"l1_gas_price_reported_wei",
				"L1 gas price last reported to L2, in wei",
			),
			batches_posted: counter(&registry, "batches_posted_total", "Batches posted to L1"),
			batch_bytes_posted: counter(
				&registry,
				"batch_bytes_posted_total",
				"Batch bytes posted to L1",
			),
			outputs_proposed: counter(
				&registry,
				"outputs_proposed_total",
				"Outputs proposed to L1",
			),
			proposer_bond_lost: gauge(
				&registry,
				"proposer_bond_lost",
				"1 while the proposer has stopped because its bond was slashed or withdrawn",
			),
			l1_reorgs: counter(&registry, "l1_reorgs_total", "L1 reorgs noticed"),
			deposits_changed_by_reorg: counter(
				&registry,
				"deposits_changed_by_reorg_total",
				"relayed deposits an L1 reorg replaced by a different deposit with the same nonce",
			),
			l1_balance,
			tx_bumps,
			tx_dropped,
			loop_errors,
			loop_last_ok,
			last_batch_ratio,
			registry,
			health: Mutex::new(BTreeMap::new()),
		})
	}

	/// Sets the balance gauge of `role`.
	pub fn set_l1_balance(&self, role: &str, wei: U256) {
		let bnb = f64::from(wei) / 1e18;
		self.l1_balance.with_label_values(&[role]).set(bnb);
	}

	/// Declares an enabled loop; `/health` watches it from now on.
	pub fn register_loop(&self, name: &'static str) {
		self.health
			.lock()
			.expect("not poisoned")
			.insert(name, Arc::new(AtomicU64::new(unix_now())));
	}

	/// Records that `name` completed a round.
	pub fn loop_ok(&self, name: &'static str) {
		let now = unix_now();
		if let Some(last) = self.health.lock().expect("not poisoned").get(name) {
			last.store(now, Ordering::Relaxed);
		}
		self.loop_last_ok.with_label_values(&[name]).set(now as f64);
	}

	/// Records a failed round of `name`.
	pub fn loop_error(&self, name: &'static str) {
		self.loop_errors.with_label_values(&[name]).inc();
	}

	/// `(healthy, report)`: whether every loop completed a round within `stale_secs`.
	pub fn health(&self, stale_secs: u64) -> (bool, String) {
		let now = unix_now();
		let mut healthy = true;
		let mut report = serde_json::Map::new();
		for (name, last) in self.health.lock().expect("not poisoned").iter() {
			let age = now.saturating_sub(last.load(Ordering::Relaxed));
			let ok = age <= stale_secs;
			healthy &= ok;
			report.insert(
				(*name).into(),
				serde_json::json!({ "ok": ok, "secondsSinceLastRound": age }),
			);
		}
		(healthy, serde_json::Value::Object(report).to_string())
	}

	/// The Prometheus text exposition.
	pub fn render(&self) -> String {
		let mut out = vec![];
		TextEncoder::new().encode(&self.registry.gather(), &mut out).expect("text encoding");
		String::from_utf8(out).expect("the text format is UTF-8")
	}
}

/// Serves `/metrics` and `/health` on `listener` until `shutdown`.
pub async fn serve(
	listener: TcpListener,
	metrics: Arc<Metrics>,
	stale_secs: u64,
	shutdown: CancellationToken,
) {
	loop {
		let (stream, _) = tokio::select! {
			_ = shutdown.cancelled() => return,
			accepted = listener.accept() => match accepted {
				Ok(accepted) => accepted,
				Err(e) => {
					tracing::warn!(error = %e, "metrics: accept failed");
					continue;
				},
			},
		};
		let metrics = metrics.clone();
		tokio::spawn(async move {
			let service = service_fn(move |request: Request<hyper::body::Incoming>| {
				let metrics = metrics.clone();
				async move {
					let (status, content_type, body) = match request.uri().path() {
						"/metrics" => {
							(StatusCode::OK, "text/plain; version=0.0.4", metrics.render())
						},
						"/health" => {
							let (ok, report) = metrics.health(stale_secs);
							let status =
								if ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
							(status, "application/json", report)
						},
						_ => (StatusCode::NOT_FOUND, "text/plain", "not found\n".into()),
					};
					Response::builder()
						.status(status)
						.header("content-type", content_type)
						.body(Full::new(Bytes::from(body)))
				}
			});
			if let Err(e) =
				http1::Builder::new().serve_connection(TokioIo::new(stream), service).await
			{
				tracing::debug!(error = %e, "metrics connection ended");
			}
		});
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn metrics_render_with_the_prefix() {
		let metrics = Metrics::new();
		metrics.last_batched_block.set(41);
		metrics.set_l1_balance("batcher", U256::from(1_500_000_000_000_000_000u128));
		metrics.tx_bumps.with_label_values(&["proposer"]).inc();
		let text = metrics.render();
		assert!(text.contains("mooring_relayer_last_batched_l2_block 41"), "{text}");
		assert!(text.contains("mooring_relayer_l1_balance_bnb{role=\"batcher\"} 1.5"), "{text}");
		assert!(text.contains("mooring_relayer_l1_tx_bumps_total{role=\"proposer\"} 1"));
	}

	#[test]
	fn health_reports_stale_loops() {
		let metrics = Metrics::new();
		assert!(metrics.health(10).0, "no loop, nothing stale");
		metrics.register_loop("batcher");
		metrics.loop_ok("batcher");
		assert!(metrics.health(10).0);
		metrics.health.lock().unwrap()["batcher"].store(unix_now() - 100, Ordering::Relaxed);
		let (ok, report) = metrics.health(10);
		assert!(!ok);
		assert!(report.contains("\"batcher\""), "{report}");
	}

	#[tokio::test]
	async fn the_server_answers_metrics_and_health() {
		let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
		let address = listener.local_addr().unwrap();
		let metrics = Metrics::new();
		metrics.register_loop("proposer");
		let shutdown = CancellationToken::new();
		let server = tokio::spawn(serve(listener, metrics.clone(), 60, shutdown.clone()));
		let get = |path: &'static str| async move {
			use tokio::io::{AsyncReadExt, AsyncWriteExt};
			let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
			stream
				.write_all(
					format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
						.as_bytes(),
				)
				.await
				.unwrap();
			let mut response = String::new();
			stream.read_to_string(&mut response).await.unwrap();
			response
		};
		let response = get("/health").await;
		assert!(response.starts_with("HTTP/1.1 200"), "{response}");
		let response = get("/metrics").await;
		assert!(response.contains("mooring_relayer_batches_posted_total 0"), "{response}");
		assert!(get("/nope").await.starts_with("HTTP/1.1 404"));
		shutdown.cancel();
		server.await.unwrap();
	}
}
