//! L1 transactions of one signer (one role): nonces, fees, fee bumping, confirmation depth,
//! reorgs, and crash safety.
//!
//! - Every transaction is signed locally and written to the database *before* it is broadcast
//!   ([`TxRecord`]); a crash at any point leaves a record of everything that may be in a mempool
//!   or a block.
//! - [`TxManager::settle`] drives every record to "mined": it rebroadcasts a transaction no
//!   node knows (lost on a crash, or dropped by a reorg), and re-signs it with the same nonce and
//!   fees raised by `bump_percent` (≥ 12.5 %) when it is not mined within `bump_after_secs`.
//!   Fees never exceed the configured caps.
//! - A mined transaction is forgotten once `confirmations` blocks are on top of it. If its
//!   receipt disappears before (an L1 reorg), it is rebroadcast, same nonce, same content; the
//!   contracts' own checks (inbox chaining, increasing outputs) make a duplicate impossible.
//! - The next nonce is the node's pending nonce, never below a recorded one: one signer per
//!   role, and the loops only send new work once everything earlier is mined.

use crate::{
	config::{FeeConfig, FeeMode, L1Key},
	db::Db,
	l1::{describe_revert, revert_data},
	metrics::Metrics,
};
use alloy::{
	consensus::{SignableTransaction, TxEip1559, TxEnvelope, TxLegacy},
	eips::{BlockNumberOrTag, Encodable2718},
	network::{TransactionBuilder, TxSignerSync},
	primitives::{Address, Bytes, TxKind, B256, U256},
	providers::{DynProvider, Provider},
	rpc::types::{TransactionReceipt, TransactionRequest},
};
use anyhow::{anyhow, Context};
use serde::{Deserialize, Serialize};
use std::{
	sync::Arc,
	time::{Duration, SystemTime, UNIX_EPOCH},
};
use tokio_util::sync::CancellationToken;

/// Fees of one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Fees {
	/// EIP-1559 (type 2).
	Eip1559 {
		/// `maxFeePerGas`, wei.
		max_fee_per_gas: u128,
		/// `maxPriorityFeePerGas`, wei.
		max_priority_fee_per_gas: u128,
	},
	/// Legacy (type 0).
	Legacy {
		/// `gasPrice`, wei.
		gas_price: u128,
	},
}

impl Fees {
	/// The most a unit of gas may cost.
	pub fn max_per_gas(&self) -> u128 {
		match self {
			Fees::Eip1559 { max_fee_per_gas, .. } => *max_fee_per_gas,
			Fees::Legacy { gas_price } => *gas_price,
		}
	}
}

/// What the node suggests right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeeEstimate {
	/// The latest block's base fee, if the chain has EIP-1559.
	pub base_fee: Option<u128>,
	/// `eth_maxPriorityFeePerGas` (0 if the node has none).
	pub priority_fee: u128,
	/// `eth_gasPrice`.
	pub gas_price: u128,
}

/// `gwei` in wei.
pub fn gwei_to_wei(gwei: f64) -> u128 {
	(gwei * 1e9).round().max(0.0) as u128
}

/// `value` raised by `percent`, rounded up.
pub fn raise(value: u128, percent: f64) -> u128 {
	let scaled = (percent * 1000.0).round() as u128; // permille precision
	(value * (100_000 + scaled)).div_ceil(100_000)
}

/// The fees of a new transaction, from the node's estimate and the configured caps.
pub fn initial_fees(config: &FeeConfig, estimate: &FeeEstimate) -> Fees {
	let cap = gwei_to_wei(config.max_fee_per_gas_gwei);
	let min_tip = gwei_to_wei(config.min_priority_fee_gwei);
	let max_tip = gwei_to_wei(config.max_priority_fee_gwei);
	let eip1559 = match config.mode {
		FeeMode::Auto => estimate.base_fee.is_some(),
		FeeMode::Eip1559 => true,
		FeeMode::Legacy => false,
	};
	if eip1559 {
		let base = estimate.base_fee.unwrap_or(0);
		let tip = estimate.priority_fee.clamp(min_tip, max_tip).min(cap);
		// Twice the base fee absorbs six full blocks of base-fee growth.
		let max_fee = (base.saturating_mul(2).saturating_add(tip)).min(cap).max(tip);
		Fees::Eip1559 { max_fee_per_gas: max_fee, max_priority_fee_per_gas: tip }
	} else {
		Fees::Legacy { gas_price: estimate.gas_price.max(min_tip).min(cap) }
	}
}

/// The fees of a replacement for a transaction sent with `old`: each fee raised by
/// `bump_percent`, at least to what the node suggests now (`current`), at most the caps. `None`
/// if the caps leave no room for a replacement nodes would take (each fee +12.5 %).
pub fn bumped_fees(config: &FeeConfig, old: &Fees, current: &Fees) -> Option<Fees> {
	let cap = gwei_to_wei(config.max_fee_per_gas_gwei);
	let max_tip = gwei_to_wei(config.max_priority_fee_gwei);
	let enough = |old: u128, new: u128| new >= raise(old, 12.5) && new > old;
	match (old, current) {
		(
			Fees::Eip1559 { max_fee_per_gas: old_fee, max_priority_fee_per_gas: old_tip },
			Fees::Eip1559 { max_fee_per_gas: now_fee, max_priority_fee_per_gas: now_tip },
		) => {
			let tip = raise(*old_tip, config.bump_percent).max(*now_tip).min(max_tip).min(cap);
			let fee = raise(*old_fee, config.bump_percent).max(*now_fee).min(cap).max(tip);
			(enough(*old_tip, tip) && enough(*old_fee, fee))
				.then_some(Fees::Eip1559 { max_fee_per_gas: fee, max_priority_fee_per_gas: tip })
		},
		(Fees::Legacy { gas_price: old }, Fees::Legacy { gas_price: now }) => {
			let price = raise(*old, config.bump_percent).max(*now).min(cap);
			enough(*old, price).then_some(Fees::Legacy { gas_price: price })
		},
		// The chain changed type under us: raise the old kind.
		(old, _) => bumped_fees(config, old, old),
	}
}

/// One signed version of a transaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attempt {
	/// Its hash.
	pub hash: B256,
	/// Its fees.
	pub fees: Fees,
	/// The signed transaction (EIP-2718 bytes), to rebroadcast.
	pub raw: Bytes,
	/// When it was (first) sent, unix seconds.
	pub sent_at: u64,
}

/// Where a transaction was mined.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Mined {
	/// The block.
	pub block_number: u64,
	/// Its hash.
	pub block_hash: B256,
	/// Which attempt was mined.
	pub tx_hash: B256,
	/// Whether it succeeded.
	pub success: bool,
	/// Gas it used.
	pub gas_used: u64,
}

/// A transaction of one role, from signing until it is confirmed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TxRecord {
	/// Its nonce.
	pub nonce: u64,
	/// What it does, for logs (`batch 1-20`, `output 30`).
	pub purpose: String,
	/// The contract called.
	pub to: Address,
	/// Calldata.
	pub input: Bytes,
	/// Value sent, wei.
	pub value: U256,
	/// Gas limit.
	pub gas_limit: u64,
	/// Every signed version, oldest first (all share the nonce).
	pub attempts: Vec<Attempt>,
	/// Set once a receipt is seen (cleared if a reorg removes it).
	pub mined: Option<Mined>,
}

/// Why [`TxManager::send`] sent nothing.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
	/// The call reverts when simulated (the chain is not in the state the loop assumed).
	#[error("the call reverts: {0}")]
	Reverts(String),
	/// Anything else (the RPC, funds, ...).
	#[error(transparent)]
	Other(#[from] anyhow::Error),
}

fn now_secs() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// The transaction manager of one role.
pub struct TxManager {
	role: &'static str,
	provider: DynProvider,
	key: L1Key,
	chain_id: u64,
	fees: FeeConfig,
	confirmations: u64,
	poll: Duration,
	db: Arc<Db>,
	metrics: Arc<Metrics>,
}

impl TxManager {
	/// A manager for `role` signing with `key`.
	#[allow(clippy::too_many_arguments)]
	pub fn new(
		role: &'static str,
		provider: DynProvider,
		key: L1Key,
		chain_id: u64,
		fees: FeeConfig,
		confirmations: u64,
		poll: Duration,
		db: Arc<Db>,
		metrics: Arc<Metrics>,
	) -> Self {
		Self { role, provider, key, chain_id, fees, confirmations, poll, db, metrics }
	}

	/// The signer's address.
	pub fn address(&self) -> Address {
		self.key.address()
	}

	/// The records in flight.
	pub fn records(&self) -> anyhow::Result<Vec<TxRecord>> {
		self.db.l1_txs(self.role)
	}

	/// Updates the signer's balance metric.
	pub async fn observe_balance(&self) -> anyhow::Result<U256> {
		let balance = self.provider.get_balance(self.address()).await?;
		self.metrics.set_l1_balance(self.role, balance);
		Ok(balance)
	}

	async fn fee_estimate(&self) -> anyhow::Result<FeeEstimate> {
		let block = self
			.provider
			.get_block_by_number(BlockNumberOrTag::Latest)
			.await?
			.ok_or_else(|| anyhow!("the L1 node has no latest block"))?;
		let base_fee = block.header.base_fee_per_gas.map(u128::from);
		let gas_price = self.provider.get_gas_price().await?;
		let priority_fee = if base_fee.is_some() {
			self.provider.get_max_priority_fee_per_gas().await.unwrap_or(0)
		} else {
			0
		};
		Ok(FeeEstimate { base_fee, priority_fee, gas_price })
	}

	fn sign(&self, record: &TxRecord, fees: Fees) -> anyhow::Result<Attempt> {
		let to = TxKind::Call(record.to);
		let (hash, envelope) = match fees {
			Fees::Eip1559 { max_fee_per_gas, max_priority_fee_per_gas } => {
				let mut tx = TxEip1559 {
					chain_id: self.chain_id,
					nonce: record.nonce,
					gas_limit: record.gas_limit,
					max_fee_per_gas,
					max_priority_fee_per_gas,
					to,
					value: record.value,
					access_list: Default::default(),
					input: record.input.clone(),
				};
				let signature = self.key.signer().sign_transaction_sync(&mut tx)?;
				let signed = tx.into_signed(signature);
				(*signed.hash(), TxEnvelope::from(signed))
			},
			Fees::Legacy { gas_price } => {
				let mut tx = TxLegacy {
					chain_id: Some(self.chain_id),
					nonce: record.nonce,
					gas_price,
					gas_limit: record.gas_limit,
					to,
					value: record.value,
					input: record.input.clone(),
				};
				let signature = self.key.signer().sign_transaction_sync(&mut tx)?;
				let signed = tx.into_signed(signature);
				(*signed.hash(), TxEnvelope::from(signed))
			},
		};
		Ok(Attempt { hash, fees, raw: envelope.encoded_2718().into(), sent_at: now_secs() })
	}

	/// Broadcasts `raw`. `Ok(true)`: a node has it (or had it); `Ok(false)`: the nonce is
	/// already used.
	async fn broadcast(&self, raw: &Bytes) -> anyhow::Result<bool> {
		match self.provider.send_raw_transaction(raw).await {
			Ok(_) => Ok(true),
			Err(e) => {
				let message = e.to_string().to_lowercase();
				if message.contains("already known") || message.contains("known transaction") {
					Ok(true)
				} else if message.contains("nonce too low") || message.contains("nonce is too low")
				{
					Ok(false)
				} else {
					Err(anyhow!("eth_sendRawTransaction: {e}"))
				}
			},
		}
	}

	/// Simulates and sends a call to `to`, recording it first. Returns its nonce.
	pub async fn send(
		&self,
		purpose: String,
		to: Address,
		input: Bytes,
		value: U256,
	) -> Result<u64, SendError> {
		let from = self.address();
		let request = TransactionRequest::default()
			.with_from(from)
			.with_to(to)
			.with_input(input.clone())
			.with_value(value);
		let estimate = match self.provider.estimate_gas(request).await {
			Ok(gas) => gas,
			Err(e) => {
				return Err(match revert_data(&e) {
					Some(data) => SendError::Reverts(describe_revert(&data)),
					None if e.to_string().contains("revert") => SendError::Reverts(e.to_string()),
					None => SendError::Other(anyhow!("eth_estimateGas for {purpose}: {e}")),
				})
			},
		};
		let gas_limit = estimate.saturating_mul(self.fees.gas_limit_percent) / 100;
		let pending =
			self.provider.get_transaction_count(from).pending().await.context("pending nonce")?;
		let recorded = self.records()?.last().map(|r| r.nonce + 1).unwrap_or(0);
		let nonce = pending.max(recorded);
		let fees = initial_fees(&self.fees, &self.fee_estimate().await?);
		let mut record = TxRecord {
			nonce,
			purpose: purpose.clone(),
			to,
			input,
			value,
			gas_limit,
			attempts: vec![],
			mined: None,
		};
		let attempt = self.sign(&record, fees)?;
		let hash = attempt.hash;
		record.attempts.push(attempt);
		// Write-ahead: the record exists before any node may have the transaction.
		self.db.put_l1_tx(self.role, nonce, &record)?;
		match self.broadcast(&record.attempts[0].raw).await {
			Ok(true) => {},
			Ok(false) => {
				// Our view of the nonce was stale; `settle` finds out what happened.
				tracing::warn!(
					role = self.role,
					nonce,
					"nonce already used when sending {purpose}"
				);
			},
			Err(e) => {
				let message = e.to_string().to_lowercase();
				if message.contains("insufficient funds")
					|| message.contains("underpriced")
					|| message.contains("exceeds")
					|| message.contains("fee cap")
				{
					// A definite refusal: nothing is in flight.
					self.db.delete_l1_tx(self.role, nonce)?;
					return Err(SendError::Other(e));
				}
				// Unknown whether it arrived: keep the record, `settle` rebroadcasts.
				tracing::warn!(role = self.role, nonce, error = %e, "broadcast failed; will retry");
			},
		}
		tracing::info!(
			role = self.role,
			nonce,
			%hash,
			gas_limit,
			max_fee_per_gas = fees.max_per_gas(),
			"sent {purpose}"
		);
		Ok(nonce)
	}

	async fn find_receipt(&self, record: &TxRecord) -> anyhow::Result<Option<TransactionReceipt>> {
		for attempt in record.attempts.iter().rev() {
			if let Some(receipt) = self.provider.get_transaction_receipt(attempt.hash).await? {
				return Ok(Some(receipt));
			}
		}
		Ok(None)
	}

	async fn is_known(&self, record: &TxRecord) -> anyhow::Result<bool> {
		for attempt in record.attempts.iter().rev() {
			if self.provider.get_transaction_by_hash(attempt.hash).await?.is_some() {
				return Ok(true);
			}
		}
		Ok(false)
	}

	/// Brings every record one step forward; returns those not mined yet (lowest nonce first).
	pub async fn refresh(&self) -> anyhow::Result<Vec<TxRecord>> {
		let records = self.records()?;
		if records.is_empty() {
			return Ok(vec![]);
		}
		let head = self.provider.get_block_number().await?;
		let used = self.provider.get_transaction_count(self.address()).latest().await?;
		let mut unmined = vec![];
		for mut record in records {
			let nonce = record.nonce;
			match self.find_receipt(&record).await? {
				Some(receipt) => {
					let mined = Mined {
						block_number: receipt.block_number.unwrap_or(head),
						block_hash: receipt.block_hash.unwrap_or_default(),
						tx_hash: receipt.transaction_hash,
						success: receipt.status(),
						gas_used: receipt.gas_used,
					};
					if record.mined.as_ref() != Some(&mined) {
						if mined.success {
							tracing::info!(
								role = self.role,
								nonce,
								tx = %mined.tx_hash,
								block = mined.block_number,
								gas_used = mined.gas_used,
								"mined {}",
								record.purpose
							);
						} else {
							tracing::warn!(
								role = self.role,
								nonce,
								tx = %mined.tx_hash,
								block = mined.block_number,
								"{} was mined but reverted",
								record.purpose
							);
						}
						record.mined = Some(mined.clone());
						self.db.put_l1_tx(self.role, nonce, &record)?;
					}
					if head >= mined.block_number + self.confirmations {
						tracing::debug!(role = self.role, nonce, "{} confirmed", record.purpose);
						self.db.delete_l1_tx(self.role, nonce)?;
					}
				},
				None => {
					if let Some(mined) = record.mined.take() {
						tracing::warn!(
							role = self.role,
							nonce,
							block = mined.block_number,
							"an L1 reorg dropped {}; resubmitting it",
							record.purpose
						);
						self.metrics.l1_reorgs.inc();
						self.db.put_l1_tx(self.role, nonce, &record)?;
					}
					if nonce < used {
						// Another transaction of this key took the nonce: ours can never be mined.
						tracing::warn!(
							role = self.role,
							nonce,
							"nonce used by a transaction the relayer did not send; dropping {}",
							record.purpose
						);
						self.db.delete_l1_tx(self.role, nonce)?;
						continue;
					}
					if !self.is_known(&record).await? {
						let last = record.attempts.last().expect("records have an attempt");
						tracing::info!(role = self.role, nonce, tx = %last.hash, "rebroadcasting {}", record.purpose);
						if let Err(e) = self.broadcast(&last.raw).await {
							tracing::warn!(role = self.role, nonce, error = %e, "rebroadcast failed");
						}
					}
					unmined.push(record);
				},
			}
		}
		Ok(unmined)
	}

	/// Re-signs `record` with higher fees if it has waited too long.
	async fn maybe_bump(&self, mut record: TxRecord) -> anyhow::Result<()> {
		let last = record.attempts.last().expect("records have an attempt").clone();
		if now_secs() < last.sent_at + self.fees.bump_after_secs {
			return Ok(());
		}
		let current = initial_fees(&self.fees, &self.fee_estimate().await?);
		let Some(fees) = bumped_fees(&self.fees, &last.fees, &current) else {
			tracing::warn!(
				role = self.role,
				nonce = record.nonce,
				max_fee_per_gas = last.fees.max_per_gas(),
				"{} is stuck and the fee caps allow no higher replacement",
				record.purpose
			);
			// Wait another period before complaining again.
			if let Some(attempt) = record.attempts.last_mut() {
				attempt.sent_at = now_secs();
			}
			self.db.put_l1_tx(self.role, record.nonce, &record)?;
			return Ok(());
		};
		let attempt = self.sign(&record, fees)?;
		tracing::info!(
			role = self.role,
			nonce = record.nonce,
			old = %last.hash,
			new = %attempt.hash,
			max_fee_per_gas = fees.max_per_gas(),
			"bumping fees of {}",
			record.purpose
		);
		record.attempts.push(attempt.clone());
		// Keep the raw bytes of the last two attempts only (either may be the one mined).
		let n = record.attempts.len();
		for old in record.attempts.iter_mut().take(n.saturating_sub(2)) {
			old.raw = Bytes::new();
		}
		self.db.put_l1_tx(self.role, record.nonce, &record)?;
		self.metrics.tx_bumps.with_label_values(&[self.role]).inc();
		if let Err(e) = self.broadcast(&attempt.raw).await {
			tracing::warn!(role = self.role, nonce = record.nonce, error = %e, "replacement refused");
		}
		Ok(())
	}

	/// Waits until every recorded transaction is mined (bumping and rebroadcasting as needed).
	/// Returns `false` if `shutdown` fired first: the records stay for the next start.
	pub async fn settle(&self, shutdown: &CancellationToken) -> anyhow::Result<bool> {
		loop {
			let unmined = self.refresh().await?;
			let Some(first) = unmined.into_iter().next() else { return Ok(true) };
			self.maybe_bump(first).await?;
			tokio::select! {
				_ = shutdown.cancelled() => return Ok(false),
				_ = tokio::time::sleep(self.poll) => {},
			}
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn config(mode: FeeMode) -> FeeConfig {
		FeeConfig {
			mode,
			max_fee_per_gas_gwei: 10.0,
			max_priority_fee_gwei: 3.0,
			min_priority_fee_gwei: 0.1,
			bump_after_secs: 30,
			bump_percent: 15.0,
			gas_limit_percent: 125,
		}
	}

	const GWEI: u128 = 1_000_000_000;

	#[test]
	fn raising_rounds_up() {
		assert_eq!(raise(100, 12.5), 113);
		assert_eq!(raise(1_000, 12.5), 1_125);
		assert_eq!(raise(8, 12.5), 9);
		assert_eq!(raise(0, 15.0), 0);
		assert_eq!(gwei_to_wei(0.1), GWEI / 10);
	}

	#[test]
	fn initial_fees_follow_the_node_within_the_caps() {
		let estimate =
			FeeEstimate { base_fee: Some(GWEI), priority_fee: GWEI, gas_price: 2 * GWEI };
		assert_eq!(
			initial_fees(&config(FeeMode::Auto), &estimate),
			Fees::Eip1559 { max_fee_per_gas: 3 * GWEI, max_priority_fee_per_gas: GWEI }
		);
		assert_eq!(
			initial_fees(&config(FeeMode::Legacy), &estimate),
			Fees::Legacy { gas_price: 2 * GWEI }
		);
		// No base fee: auto picks legacy; the tip floor applies to the gas price.
		let legacy = FeeEstimate { base_fee: None, priority_fee: 0, gas_price: 0 };
		assert_eq!(
			initial_fees(&config(FeeMode::Auto), &legacy),
			Fees::Legacy { gas_price: GWEI / 10 }
		);
		// A fee spike is capped.
		let spike = FeeEstimate {
			base_fee: Some(100 * GWEI),
			priority_fee: 50 * GWEI,
			gas_price: 200 * GWEI,
		};
		assert_eq!(
			initial_fees(&config(FeeMode::Eip1559), &spike),
			Fees::Eip1559 { max_fee_per_gas: 10 * GWEI, max_priority_fee_per_gas: 3 * GWEI }
		);
		assert_eq!(
			initial_fees(&config(FeeMode::Legacy), &spike),
			Fees::Legacy { gas_price: 10 * GWEI }
		);
	}

	#[test]
	fn bumps_raise_every_fee_by_at_least_twelve_and_a_half_percent() {
		let cfg = config(FeeMode::Auto);
		let old = Fees::Eip1559 { max_fee_per_gas: 2 * GWEI, max_priority_fee_per_gas: GWEI };
		let bumped = bumped_fees(&cfg, &old, &old).unwrap();
		assert_eq!(
			bumped,
			Fees::Eip1559 {
				max_fee_per_gas: 2 * GWEI * 115 / 100,
				max_priority_fee_per_gas: GWEI * 115 / 100
			}
		);
		// The node now suggests more than +15 %: take that.
		let now = Fees::Eip1559 { max_fee_per_gas: 5 * GWEI, max_priority_fee_per_gas: 2 * GWEI };
		assert_eq!(bumped_fees(&cfg, &old, &now).unwrap(), now);
		// Legacy.
		let old = Fees::Legacy { gas_price: 4 * GWEI };
		assert_eq!(
			bumped_fees(&cfg, &old, &Fees::Legacy { gas_price: GWEI }),
			Some(Fees::Legacy { gas_price: 4 * GWEI * 115 / 100 })
		);
		// Repeated bumps grow geometrically until the cap, then stop.
		let mut fees = Fees::Legacy { gas_price: GWEI };
		let mut steps = 0;
		while let Some(next) = bumped_fees(&cfg, &fees, &fees) {
			assert!(next.max_per_gas() >= raise(fees.max_per_gas(), 12.5));
			assert!(next.max_per_gas() <= 10 * GWEI);
			fees = next;
			steps += 1;
		}
		assert!(steps >= 10 && steps <= 20, "{steps} bumps from 1 to 10 gwei");
	}

	#[test]
	fn no_bump_when_the_cap_leaves_too_little_room() {
		let cfg = config(FeeMode::Auto);
		// 9.5 gwei → the cap of 10 is only +5.3 %: a node would refuse the replacement.
		let old = Fees::Legacy { gas_price: 9_500_000_000 };
		assert_eq!(bumped_fees(&cfg, &old, &old), None);
		// The tip is at its cap already.
		let old = Fees::Eip1559 { max_fee_per_gas: 4 * GWEI, max_priority_fee_per_gas: 3 * GWEI };
		assert_eq!(bumped_fees(&cfg, &old, &old), None);
	}

	#[test]
	fn a_chain_switching_fee_type_still_bumps_the_old_kind() {
		let cfg = config(FeeMode::Auto);
		let old = Fees::Legacy { gas_price: GWEI };
		let now = Fees::Eip1559 { max_fee_per_gas: 2 * GWEI, max_priority_fee_per_gas: GWEI };
		assert_eq!(
			bumped_fees(&cfg, &old, &now),
			Some(Fees::Legacy { gas_price: GWEI * 115 / 100 })
		);
	}

	#[test]
	fn records_serialize_round_trip() {
		let record = TxRecord {
			nonce: 3,
			purpose: "batch 1-2".into(),
			to: Address::repeat_byte(1),
			input: Bytes::from(vec![1, 2, 3]),
			value: U256::from(5),
			gas_limit: 100_000,
			attempts: vec![Attempt {
				hash: B256::repeat_byte(2),
				fees: Fees::Legacy { gas_price: 7 },
				raw: Bytes::from(vec![9]),
				sent_at: 11,
			}],
			mined: None,
		};
		let json = serde_json::to_vec(&record).unwrap();
		assert_eq!(serde_json::from_slice::<TxRecord>(&json).unwrap(), record);
	}
}
