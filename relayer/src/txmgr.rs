//! L1 transactions of one signer (one role): nonces, fees, fee bumping, confirmation depth,
//! reorgs, crash safety, and giving up on transactions nodes refuse for good.
//!
//! - Every transaction is signed locally and written to the database *before* it is broadcast
//!   ([`TxRecord`]); a crash at any point leaves a record of everything that may be in a mempool
//!   or a block. A transaction whose signed encoding exceeds [`MAX_L1_TX_BYTES`] is refused before
//!   it is recorded (nodes would refuse it with "oversized data").
//! - [`TxManager::settle`] drives every record to "mined": it rebroadcasts a transaction no
//!   node knows (lost on a crash, or dropped by a reorg), and re-signs it with the same nonce and
//!   fees raised by `bump_percent` (≥ 12.5 %) when it is not mined within `bump_after_secs`.
//!   Fees never exceed the configured caps.
//! - A node's answer to `eth_sendRawTransaction` is classified ([`classify`], [`REFUSALS`]). A
//!   permanent refusal (the signed bytes can never be accepted: size, intrinsic gas, type,
//!   signature, gas limit) drops the record, and every later one (they wait behind its nonce),
//!   counts `l1_tx_dropped_total{role,reason}`, and makes `settle` return
//!   [`SettleError::Dropped`]: the caller re-reads the chain and goes on. Pricing refusals are not
//!   permanent: bumping cures them.
//! - A mined transaction is forgotten once `confirmations` blocks are on top of it. If its
//!   receipt disappears before (an L1 reorg), it is rebroadcast, same nonce, same content; the
//!   contracts' own checks (inbox chaining, increasing outputs) make a duplicate impossible.
//! - The next nonce is the node's pending nonce, never below a recorded one: one signer per
//!   role, and the loops only send new work once everything earlier is mined. A dropped
//!   transaction is in no pool, so its nonce is the node's pending nonce again and the next
//!   transaction takes it: no gap.

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
	transports::{RpcError, TransportErrorKind},
};
use anyhow::{anyhow, Context};
use serde::{Deserialize, Serialize};
use std::{
	fmt,
	sync::Arc,
	time::{Duration, SystemTime, UNIX_EPOCH},
};
use tokio_util::sync::CancellationToken;

pub use mooring_primitives::bridge::MAX_L1_TX_BYTES;

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

/// Why a transaction was given up for good (the `reason` label of `l1_tx_dropped_total`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropReason {
	/// Its encoding exceeds what nodes take ([`MAX_L1_TX_BYTES`], "oversized data").
	Oversized,
	/// Its gas limit is below its intrinsic cost (calldata, or the EIP-7623 floor).
	IntrinsicGas,
	/// The chain takes no transaction of its type (e.g. EIP-1559 before London).
	TxType,
	/// Its signature or chain id is invalid.
	InvalidSender,
	/// Its gas limit exceeds the block gas limit (or the per-transaction cap).
	GasLimit,
	/// Otherwise malformed (undecodable, tip above fee cap, out-of-range numbers).
	Invalid,
	/// A transaction the relayer did not send took its nonce.
	NonceTaken,
	/// It waited behind the nonce of a transaction that was dropped.
	NonceGap,
}

impl DropReason {
	/// The metric label.
	pub fn label(self) -> &'static str {
		match self {
			DropReason::Oversized => "oversized",
			DropReason::IntrinsicGas => "intrinsic_gas",
			DropReason::TxType => "tx_type",
			DropReason::InvalidSender => "invalid_sender",
			DropReason::GasLimit => "gas_limit",
			DropReason::Invalid => "invalid",
			DropReason::NonceTaken => "nonce_taken",
			DropReason::NonceGap => "nonce_gap",
		}
	}
}

impl fmt::Display for DropReason {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(self.label())
	}
}

/// What an error answer to `eth_sendRawTransaction` means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
	/// The node has the transaction already: as good as accepted.
	Known,
	/// Its nonce is used already (`refresh` finds out by whom).
	NonceUsed,
	/// The signed bytes can never be accepted: no wait and no fee bump changes that.
	Permanent(DropReason),
	/// Refused for now (price, funds, a full pool, a node setting): time or a bump may cure it.
	Transient,
	/// No answer, or one not understood: the node may have the transaction.
	Unknown,
}

/// Node error messages (lower case, found anywhere in the JSON-RPC error message) and what
/// they mean, first match wins. From geth (`core/txpool/errors.go`, `core/error.go`,
/// `core/types`, `internal/ethapi`; BSC shares them), reth and anvil.
///
/// Permanent means the node judged the signed bytes themselves; what it judged (size, gas
/// limit, type, signature) is frozen in the record, since a replacement keeps all but the fees.
/// Pricing ("underpriced", "max fee per gas less than block base fee"), funds, pool capacity
/// and a block being full ("gas limit reached", a gas pool error during block building) pass
/// with time or a bump: transient. So does the node's own fee cap (`--rpc.txfeecap`, "exceeds
/// the configured cap"): the operator lowers `l1.fees` caps or raises the node's.
pub const REFUSALS: &[(&str, Refusal)] = &[
	("already known", Refusal::Known),
	("known transaction", Refusal::Known),
	("nonce too low", Refusal::NonceUsed),
	("nonce is too low", Refusal::NonceUsed),
	// `txMaxSize`: "oversized data: transaction size N, limit 131072".
	("oversized data", Refusal::Permanent(DropReason::Oversized)),
	// The gas limit does not cover the calldata: "intrinsic gas too low: gas G, minimum needed M".
	("intrinsic gas too low", Refusal::Permanent(DropReason::IntrinsicGas)),
	// EIP-7623: "insufficient gas for floor data gas cost".
	("floor data gas", Refusal::Permanent(DropReason::IntrinsicGas)),
	// "transaction type not supported: type 2 rejected, pool not yet in London".
	("transaction type not supported", Refusal::Permanent(DropReason::TxType)),
	// A bad signature or chain id: "invalid sender: invalid chain id for signer".
	("invalid sender", Refusal::Permanent(DropReason::InvalidSender)),
	("invalid transaction v, r, s values", Refusal::Permanent(DropReason::InvalidSender)),
	("invalid chain id", Refusal::Permanent(DropReason::InvalidSender)),
	("only replay-protected", Refusal::Permanent(DropReason::InvalidSender)),
	// The gas limit exceeds the block's: geth, reth ("exceeds block's gas limit"), anvil
	// ("intrinsic gas too high -- tx.gas_limit > env.block.gas_limit"), EIP-7825's cap.
	("exceeds block gas limit", Refusal::Permanent(DropReason::GasLimit)),
	("exceeds block's gas limit", Refusal::Permanent(DropReason::GasLimit)),
	("intrinsic gas too high", Refusal::Permanent(DropReason::GasLimit)),
	("transaction gas limit too high", Refusal::Permanent(DropReason::GasLimit)),
	// Malformed: undecodable, a tip above the fee cap, out-of-range numbers.
	("rlp:", Refusal::Permanent(DropReason::Invalid)),
	("typed transaction too short", Refusal::Permanent(DropReason::Invalid)),
	("failed to decode transaction", Refusal::Permanent(DropReason::Invalid)),
	("higher than max fee per gas", Refusal::Permanent(DropReason::Invalid)),
	("higher than 2^256-1", Refusal::Permanent(DropReason::Invalid)),
	("gas uint64 overflow", Refusal::Permanent(DropReason::Invalid)),
	("negative value", Refusal::Permanent(DropReason::Invalid)),
	("underpriced", Refusal::Transient),
	("less than block base fee", Refusal::Transient),
	("gas price below minimum", Refusal::Transient),
	("insufficient funds", Refusal::Transient),
	("txpool is full", Refusal::Transient),
	("account limit exceeded", Refusal::Transient),
	("future transaction tries to replace pending", Refusal::Transient),
	("already reserved", Refusal::Transient),
	("gas limit reached", Refusal::Transient),
	("exceeds the configured cap", Refusal::Transient),
	("nonce too high", Refusal::Transient),
];

/// What a node's error `message` means ([`REFUSALS`]; [`Refusal::Unknown`] if none matches).
pub fn classify_message(message: &str) -> Refusal {
	let message = message.to_lowercase();
	REFUSALS
		.iter()
		.find(|(text, _)| message.contains(text))
		.map_or(Refusal::Unknown, |(_, refusal)| *refusal)
}

/// What an `eth_sendRawTransaction` error means. Only a JSON-RPC error answer is the node's
/// verdict; after a transport failure the node may or may not have the transaction.
pub fn classify(error: &RpcError<TransportErrorKind>) -> Refusal {
	error.as_error_resp().map_or(Refusal::Unknown, |payload| classify_message(&payload.message))
}

/// A transaction given up for good: refused before it was recorded (too large), or dropped from
/// the database. Its nonce is free again; the next transaction takes it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("gave up {purpose} (nonce {nonce}, {reason}): {detail}")]
pub struct Dropped {
	/// What it did, for logs.
	pub purpose: String,
	/// The nonce it had.
	pub nonce: u64,
	/// Why it was given up.
	pub reason: DropReason,
	/// The node's message, or the size check's.
	pub detail: String,
}

/// Why [`TxManager::send`] sent nothing.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
	/// The call reverts when simulated (the chain is not in the state the loop assumed).
	#[error("the call reverts: {0}")]
	Reverts(String),
	/// Anything else (the RPC, funds, ...); a [`Dropped`] for a transaction given up for good
	/// (see [`SendError::dropped`]).
	#[error(transparent)]
	Other(#[from] anyhow::Error),
}

impl SendError {
	/// The transaction given up for good, if that is why nothing was sent.
	pub fn dropped(&self) -> Option<&Dropped> {
		match self {
			SendError::Other(e) => e.downcast_ref(),
			SendError::Reverts(_) => None,
		}
	}
}

impl From<Dropped> for SendError {
	fn from(dropped: Dropped) -> Self {
		SendError::Other(dropped.into())
	}
}

/// Why [`TxManager::settle`] stopped before every record was mined.
#[derive(Debug, thiserror::Error)]
pub enum SettleError {
	/// A recorded transaction was refused for good and dropped, with every later one: what it
	/// would have done is not done. Re-read the chain and go on; its nonce is reused.
	#[error(transparent)]
	Dropped(#[from] Dropped),
	/// Anything else (the RPC, the database): the records stay; try again.
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

	/// Broadcasts `raw`: `Ok` if a node has it (or had it), else the node's refusal (or
	/// [`Refusal::Unknown`]) and its message.
	async fn broadcast(&self, raw: &Bytes) -> Result<(), (Refusal, String)> {
		match self.provider.send_raw_transaction(raw).await {
			Ok(_) => Ok(()),
			Err(e) => match classify(&e) {
				Refusal::Known => Ok(()),
				refusal => Err((refusal, format!("eth_sendRawTransaction: {e}"))),
			},
		}
	}

	/// Counts a transaction given up for `reason`.
	fn count_drop(&self, reason: DropReason) {
		self.metrics.tx_dropped.with_label_values(&[self.role, reason.label()]).inc();
	}

	/// Logs and counts `dropped`, and returns it.
	fn give_up(&self, dropped: Dropped) -> Dropped {
		tracing::error!(
			role = self.role,
			nonce = dropped.nonce,
			reason = %dropped.reason,
			error = %dropped.detail,
			"giving up {}: L1 nodes will never take it; the next transaction takes its nonce",
			dropped.purpose
		);
		self.count_drop(dropped.reason);
		dropped
	}

	/// Drops `record` (refused for good for `reason`), and first every later record: they wait
	/// behind its nonce and could never be mined. Highest nonce first, so that a crash midway
	/// leaves records the next start drops the same way.
	fn drop_from(
		&self,
		record: &TxRecord,
		reason: DropReason,
		detail: String,
	) -> anyhow::Result<Dropped> {
		let later = self.records()?.into_iter().filter(|r| r.nonce > record.nonce).rev();
		for behind in later {
			self.db.delete_l1_tx(self.role, behind.nonce)?;
			self.give_up(Dropped {
				purpose: behind.purpose,
				nonce: behind.nonce,
				reason: DropReason::NonceGap,
				detail: format!("it waits behind nonce {}, dropped", record.nonce),
			});
		}
		self.db.delete_l1_tx(self.role, record.nonce)?;
		let (purpose, nonce) = (record.purpose.clone(), record.nonce);
		Ok(self.give_up(Dropped { purpose, nonce, reason, detail }))
	}

	/// Simulates the call; returns its gas limit (the estimate and the configured margin).
	async fn gas_limit(
		&self,
		purpose: &str,
		to: Address,
		input: &Bytes,
		value: U256,
	) -> Result<u64, SendError> {
		let request = TransactionRequest::default()
			.with_from(self.address())
			.with_to(to)
			.with_input(input.clone())
			.with_value(value);
		match self.provider.estimate_gas(request).await {
			Ok(gas) => Ok(gas.saturating_mul(self.fees.gas_limit_percent) / 100),
			Err(e) => Err(match revert_data(&e) {
				Some(data) => SendError::Reverts(describe_revert(&data)),
				None if e.to_string().contains("revert") => SendError::Reverts(e.to_string()),
				None => SendError::Other(anyhow!("eth_estimateGas for {purpose}: {e}")),
			}),
		}
	}

	/// Simulates and sends a call to `to`, recording it first. Returns its nonce. A transaction
	/// over [`MAX_L1_TX_BYTES`], or one the node refuses for good, is given up: a [`Dropped`] error
	/// ([`SendError::dropped`]), nothing recorded.
	pub async fn send(
		&self,
		purpose: String,
		to: Address,
		input: Bytes,
		value: U256,
	) -> Result<u64, SendError> {
		let gas_limit = self.gas_limit(&purpose, to, &input, value).await?;
		let pending = self
			.provider
			.get_transaction_count(self.address())
			.pending()
			.await
			.context("pending nonce")?;
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
		let (hash, size) = (attempt.hash, attempt.raw.len());
		if size > MAX_L1_TX_BYTES {
			let detail = format!(
				"the signed transaction is {size} bytes, over the {MAX_L1_TX_BYTES} L1 nodes take"
			);
			return Err(self
				.give_up(Dropped { purpose, nonce, reason: DropReason::Oversized, detail })
				.into());
		}
		record.attempts.push(attempt);
		// Write-ahead: the record exists before any node may have the transaction.
		self.db.put_l1_tx(self.role, nonce, &record)?;
		match self.broadcast(&record.attempts[0].raw).await {
			Ok(()) => {},
			Err((Refusal::NonceUsed, _)) => {
				// Our view of the nonce was stale; `settle` finds out what happened.
				tracing::warn!(
					role = self.role,
					nonce,
					"nonce already used when sending {purpose}"
				);
			},
			Err((Refusal::Permanent(reason), message)) => {
				return Err(self.drop_from(&record, reason, message)?.into());
			},
			Err((Refusal::Transient, message)) => {
				// A definite refusal: nothing is in flight.
				self.db.delete_l1_tx(self.role, nonce)?;
				return Err(SendError::Other(anyhow!("{purpose} refused: {message}")));
			},
			Err((_, message)) => {
				// Unknown whether it arrived: keep the record, `settle` rebroadcasts.
				tracing::warn!(role = self.role, nonce, error = %message, "broadcast failed; will retry");
			},
		}
		tracing::info!(
			role = self.role,
			nonce,
			%hash,
			gas_limit,
			bytes = size,
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
	/// [`SettleError::Dropped`] if one was refused for good (it and every later one are gone).
	pub async fn refresh(&self) -> Result<Vec<TxRecord>, SettleError> {
		let records = self.records()?;
		if records.is_empty() {
			return Ok(vec![]);
		}
		let head = self.provider.get_block_number().await.context("L1 head")?;
		let used = self
			.provider
			.get_transaction_count(self.address())
			.latest()
			.await
			.context("latest nonce")?;
		let mut unmined = vec![];
		for record in records {
			match self.find_receipt(&record).await? {
				Some(receipt) => self.on_receipt(record, &receipt, head)?,
				None => unmined.extend(self.on_no_receipt(record, used).await?),
			}
		}
		Ok(unmined)
	}

	/// Notes where `record` was mined; forgets it once it has enough confirmations.
	fn on_receipt(
		&self,
		mut record: TxRecord,
		receipt: &TransactionReceipt,
		head: u64,
	) -> anyhow::Result<()> {
		let nonce = record.nonce;
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
		Ok(())
	}

	/// Handles `record` without a receipt: a reorg took it out, another transaction took its
	/// nonce (`used` is the latest nonce), or no node has it (rebroadcast). Returns it if it is
	/// still to be mined.
	async fn on_no_receipt(
		&self,
		mut record: TxRecord,
		used: u64,
	) -> Result<Option<TxRecord>, SettleError> {
		let nonce = record.nonce;
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
			self.count_drop(DropReason::NonceTaken);
			return Ok(None);
		}
		if !self.is_known(&record).await? {
			self.rebroadcast(&record).await?;
		}
		Ok(Some(record))
	}

	/// Sends the last attempt of `record` again; drops it if the node refuses it for good.
	async fn rebroadcast(&self, record: &TxRecord) -> Result<(), SettleError> {
		let last = record.attempts.last().expect("records have an attempt");
		let nonce = record.nonce;
		tracing::info!(role = self.role, nonce, tx = %last.hash, "rebroadcasting {}", record.purpose);
		match self.broadcast(&last.raw).await {
			Ok(()) => Ok(()),
			Err((Refusal::Permanent(reason), message)) => {
				Err(self.drop_from(record, reason, message)?.into())
			},
			Err((_, message)) => {
				tracing::warn!(role = self.role, nonce, error = %message, "rebroadcast failed");
				Ok(())
			},
		}
	}

	/// Saves `record` with its last attempt marked sent now: the next bump waits a full period.
	fn wait_another_period(&self, mut record: TxRecord) -> anyhow::Result<()> {
		if let Some(attempt) = record.attempts.last_mut() {
			attempt.sent_at = now_secs();
		}
		self.db.put_l1_tx(self.role, record.nonce, &record)
	}

	/// Re-signs `record` with higher fees if it has waited too long.
	async fn maybe_bump(&self, mut record: TxRecord) -> anyhow::Result<()> {
		let last = record.attempts.last().expect("records have an attempt").clone();
		if now_secs() < last.sent_at + self.fees.bump_after_secs {
			return Ok(());
		}
		let nonce = record.nonce;
		let current = initial_fees(&self.fees, &self.fee_estimate().await?);
		let Some(fees) = bumped_fees(&self.fees, &last.fees, &current) else {
			tracing::warn!(
				role = self.role,
				nonce,
				max_fee_per_gas = last.fees.max_per_gas(),
				"{} is stuck and the fee caps allow no higher replacement",
				record.purpose
			);
			return self.wait_another_period(record);
		};
		let attempt = self.sign(&record, fees)?;
		if attempt.raw.len() > MAX_L1_TX_BYTES {
			tracing::warn!(
				role = self.role,
				nonce,
				bytes = attempt.raw.len(),
				"a replacement of {} would be over {MAX_L1_TX_BYTES} bytes; waiting for the current one",
				record.purpose
			);
			return self.wait_another_period(record);
		}
		tracing::info!(
			role = self.role,
			nonce,
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
		self.db.put_l1_tx(self.role, nonce, &record)?;
		self.metrics.tx_bumps.with_label_values(&[self.role]).inc();
		match self.broadcast(&attempt.raw).await {
			Ok(()) => {},
			Err((Refusal::Permanent(reason), message)) => {
				// Earlier attempts may still be pending: forget only the replacement. If no
				// node has the previous one either, `refresh` rebroadcasts it and decides.
				tracing::error!(role = self.role, nonce, %reason, error = %message, "replacement refused for good");
				record.attempts.pop();
				return self.wait_another_period(record);
			},
			Err((_, message)) => {
				tracing::warn!(role = self.role, nonce, error = %message, "replacement refused");
			},
		}
		Ok(())
	}

	/// Waits until every recorded transaction is mined (bumping and rebroadcasting as needed).
	/// Returns `false` if `shutdown` fired first: the records stay for the next start. Gives up
	/// with [`SettleError::Dropped`] when a node refuses a recorded transaction for good.
	pub async fn settle(&self, shutdown: &CancellationToken) -> Result<bool, SettleError> {
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
	use crate::config::Secret;
	use alloy::{
		primitives::{U128, U64},
		providers::{mock::Asserter, ProviderBuilder},
	};

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

	#[test]
	fn node_refusals_are_classified() {
		use DropReason::*;
		use Refusal::{Known, NonceUsed, Permanent, Transient, Unknown};
		let cases = [
			("already known", Known),
			("known transaction: 0x5e0d", Known),
			("nonce too low: next nonce 7, tx nonce 5", NonceUsed),
			// Refusals of the signed bytes themselves: permanent.
			("oversized data: transaction size 140000, limit 131072", Permanent(Oversized)),
			("intrinsic gas too low: gas 21000, minimum needed 53000", Permanent(IntrinsicGas)),
			(
				"insufficient gas for floor data gas cost: gas 1, minimum needed 9",
				Permanent(IntrinsicGas),
			),
			(
				"transaction type not supported: type 2 rejected, pool not yet in London",
				Permanent(TxType),
			),
			("invalid sender: invalid chain id for signer", Permanent(InvalidSender)),
			("invalid sender: invalid transaction v, r, s values", Permanent(InvalidSender)),
			(
				"only replay-protected (EIP-155) transactions allowed over RPC",
				Permanent(InvalidSender),
			),
			("exceeds block gas limit", Permanent(GasLimit)),
			(
				"transaction's gas limit 200000000 exceeds block's gas limit 140000000",
				Permanent(GasLimit),
			),
			("intrinsic gas too high -- tx.gas_limit > env.block.gas_limit", Permanent(GasLimit)),
			("transaction gas limit too high (cap: 16777216, tx: 20000000)", Permanent(GasLimit)),
			("rlp: expected input list for types.LegacyTx", Permanent(Invalid)),
			("max priority fee per gas higher than max fee per gas", Permanent(Invalid)),
			// Pricing, funds, pool and node limits: time or a bump cures them.
			("max fee per gas less than block base fee: maxFeePerGas: 1, baseFee: 7", Transient),
			("transaction underpriced", Transient),
			("replacement transaction underpriced", Transient),
			("transaction gas price below minimum: gas tip cap 0, minimum needed 1", Transient),
			("insufficient funds for gas * price + value: balance 0, tx cost 1", Transient),
			("txpool is full", Transient),
			("account limit exceeded: pooled 16 txs", Transient),
			("gas limit reached", Transient),
			("tx fee (1.20 ether) exceeds the configured cap (1.00 ether)", Transient),
			("something no node said yet", Unknown),
		];
		for (message, expected) in cases {
			assert_eq!(classify_message(message), expected, "{message}");
		}
		assert_eq!(classify_message("Oversized Data"), Permanent(Oversized), "case-insensitive");
	}

	/// A geth-style JSON-RPC error answer (code -32000) saying `message`.
	fn node_error<T: serde::de::DeserializeOwned>(message: &str) -> T {
		serde_json::from_value(serde_json::json!({ "code": -32000, "message": message })).unwrap()
	}

	#[test]
	fn only_a_json_rpc_error_answer_is_a_verdict() {
		let answer = RpcError::ErrorResp(node_error("oversized data: transaction size 140000"));
		assert_eq!(classify(&answer), Refusal::Permanent(DropReason::Oversized));
		// A transport failure is no verdict, whatever its text says.
		let lost = TransportErrorKind::custom_str("connection reset sending oversized data");
		assert_eq!(classify(&lost), Refusal::Unknown);
	}

	/// A manager whose L1 node answers from `asserter`, in call order.
	struct Harness {
		txm: TxManager,
		asserter: Asserter,
		db: Arc<Db>,
		metrics: Arc<Metrics>,
		_dir: tempfile::TempDir,
	}

	fn harness() -> Harness {
		let dir = tempfile::tempdir().unwrap();
		let db = Arc::new(Db::open(&dir.path().join("db")).unwrap());
		let metrics = Metrics::new();
		let asserter = Asserter::new();
		let provider = ProviderBuilder::new()
			.disable_recommended_fillers()
			.connect_mocked_client(asserter.clone())
			.erased();
		let key = L1Key::from_hex(&Secret::new(
			"0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356".into(),
		))
		.unwrap();
		let fees = config(FeeMode::Auto);
		let poll = Duration::from_millis(1);
		let txm = TxManager::new(
			"batcher",
			provider,
			key,
			56,
			fees,
			0,
			poll,
			db.clone(),
			metrics.clone(),
		);
		Harness { txm, asserter, db, metrics, _dir: dir }
	}

	impl Harness {
		/// Answers what `send` asks before signing: the gas estimate, the pending nonce, a
		/// latest block without base fee (legacy fees) and the gas price.
		fn answer_send(&self, pending: u64) {
			self.asserter.push_success(&U64::from(100_000));
			self.asserter.push_success(&U64::from(pending));
			self.asserter.push_success(&alloy::rpc::types::Block::<()>::default());
			self.asserter.push_success(&U128::from(GWEI));
		}

		/// Answers what `refresh` asks before rebroadcasting its first record: the head, the
		/// latest nonce, no receipt, no node has it.
		fn answer_refresh(&self, used: u64) {
			self.asserter.push_success(&U64::from(100));
			self.asserter.push_success(&U64::from(used));
			self.asserter.push_success(&serde_json::Value::Null);
			self.asserter.push_success(&serde_json::Value::Null);
		}

		/// A signed record of `nonce`, as an earlier run left it.
		fn recorded(&self, nonce: u64) -> TxRecord {
			let mut record = TxRecord {
				nonce,
				purpose: format!("batch {nonce}"),
				to: Address::repeat_byte(7),
				input: Bytes::from(vec![1; 10]),
				value: U256::ZERO,
				gas_limit: 50_000,
				attempts: vec![],
				mined: None,
			};
			record.attempts.push(self.txm.sign(&record, Fees::Legacy { gas_price: GWEI }).unwrap());
			self.db.put_l1_tx("batcher", nonce, &record).unwrap();
			record
		}

		fn nonces(&self) -> Vec<u64> {
			self.txm.records().unwrap().iter().map(|r| r.nonce).collect()
		}

		fn dropped(&self, reason: &str) -> u64 {
			self.metrics.tx_dropped.with_label_values(&["batcher", reason]).get()
		}
	}

	fn calldata(len: usize) -> Bytes {
		Bytes::from(vec![0xab; len])
	}

	#[tokio::test]
	async fn a_transaction_over_the_size_limit_is_refused_before_it_is_recorded() {
		let h = harness();
		let to = Address::repeat_byte(7);
		// The calldata alone fits; signed (nonce, fees, gas, address, signature) it does not.
		h.answer_send(3);
		let error =
			h.txm.send("batch 1-9".into(), to, calldata(MAX_L1_TX_BYTES - 50), U256::ZERO).await;
		let error = error.unwrap_err();
		let dropped = error.dropped().expect("given up, not retried");
		assert_eq!((dropped.nonce, dropped.reason), (3, DropReason::Oversized));
		assert!(dropped.detail.contains("131072"), "{}", dropped.detail);
		assert!(h.nonces().is_empty(), "nothing recorded");
		assert!(h.asserter.read_q().is_empty(), "every answer used, nothing else asked");
		assert_eq!(h.dropped("oversized"), 1);
		// Smaller, it is recorded and sent, with the nonce the refused one would have had.
		h.answer_send(3);
		h.asserter.push_success(&B256::repeat_byte(1));
		let sent = h.txm.send("batch 1-8".into(), to, calldata(MAX_L1_TX_BYTES - 200), U256::ZERO);
		assert_eq!(sent.await.unwrap(), 3);
		let records = h.txm.records().unwrap();
		assert_eq!(records.len(), 1);
		assert!(records[0].attempts[0].raw.len() <= MAX_L1_TX_BYTES);
	}

	#[tokio::test]
	async fn a_transaction_refused_for_good_when_sent_leaves_no_record() {
		let h = harness();
		h.answer_send(4);
		h.asserter
			.push_failure(node_error("intrinsic gas too low: gas 125000, minimum needed 130000"));
		let error =
			h.txm.send("output 40".into(), Address::repeat_byte(7), calldata(10), U256::ZERO);
		let error = error.await.unwrap_err();
		assert_eq!(error.dropped().map(|d| d.reason), Some(DropReason::IntrinsicGas), "{error}");
		assert!(h.nonces().is_empty());
		assert_eq!(h.dropped("intrinsic_gas"), 1);
	}

	#[tokio::test]
	async fn a_recorded_transaction_refused_for_good_is_dropped_and_its_nonce_reused() {
		let h = harness();
		// A previous run recorded nonces 5 and 6; the node refuses 5 for good on rebroadcast.
		h.recorded(5);
		h.recorded(6);
		h.answer_refresh(5);
		h.asserter
			.push_failure(node_error("oversized data: transaction size 140000, limit 131072"));
		let error = h.txm.settle(&CancellationToken::new()).await.unwrap_err();
		let SettleError::Dropped(dropped) = error else { panic!("not a drop: {error}") };
		assert_eq!((dropped.nonce, dropped.reason), (5, DropReason::Oversized));
		assert!(h.nonces().is_empty(), "6 waited behind 5: dropped too");
		assert_eq!((h.dropped("oversized"), h.dropped("nonce_gap")), (1, 1));
		// 5 is in no pool, so the node's pending nonce is 5 again; nothing recorded above it
		// pushes the next transaction past it: no gap.
		h.answer_send(5);
		h.asserter.push_success(&B256::repeat_byte(1));
		let sent = h.txm.send("batch 5".into(), Address::repeat_byte(7), calldata(10), U256::ZERO);
		assert_eq!(sent.await.unwrap(), 5);
		assert_eq!(h.nonces(), vec![5]);
	}

	#[tokio::test]
	async fn a_pricing_refusal_or_a_lost_answer_keeps_the_record() {
		let h = harness();
		let record = h.recorded(2);
		h.answer_refresh(2);
		h.asserter.push_failure(node_error("max fee per gas less than block base fee: baseFee: 7"));
		assert_eq!(h.txm.refresh().await.unwrap(), vec![record.clone()]);
		// No answer at all (the mock has none left): unknown, kept.
		h.answer_refresh(2);
		assert_eq!(h.txm.refresh().await.unwrap(), vec![record]);
		assert_eq!(h.nonces(), vec![2]);
		assert!(!h.metrics.render().contains("l1_tx_dropped_total{"), "nothing dropped");
	}
}
