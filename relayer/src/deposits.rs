//! The deposit relayer: Portal `DepositInitiated` logs → `Bridge.relay_deposits` on L2.
//!
//! - Logs are scanned only up to `head - confirmations`; the scan cursor (block and hash) and
//!   the deposits found are stored together, atomically. If the block under the cursor changes
//!   hash (a reorg deeper than the confirmations), the cursor is rewound and the unrelayed
//!   deposits above it are forgotten and scanned again.
//! - What to relay is decided by the L2: `bridge_nextDepositNonce()` is the next nonce, the
//!   relayer submits the stored deposits from that nonce on, consecutive, at most 64 per call.
//!   The pallet refuses anything but the next nonce, so a deposit is credited exactly once
//!   whatever the relayer or L1 do.
//! - While a relay transaction of the relayer's account is still in the L2 pool (e.g. sent
//!   just before a crash), nothing new is submitted.
//! - The last relayed deposits are remembered: if a rescan after a reorg finds a different
//!   deposit under a nonce L2 already credited (other sender, recipient, token or amount), the
//!   relayer cannot undo the credit; it raises `deposits_changed_by_reorg_total` and logs
//!   `RELAYED DEPOSIT CHANGED` at error level, for operators to pause the Portal and reconcile.

use crate::{
	config::Secret,
	db::ScanCursor,
	l1::Portal,
	l1_prices,
	l2::keypair_from_uri,
	service::{Ctx, L2Conn, Round},
};
use alloy::{
	eips::BlockNumberOrTag,
	primitives::Address,
	providers::Provider,
	rpc::types::{Filter, Log},
	sol_types::SolEvent,
};
use anyhow::{anyhow, ensure, Context};
use mooring_primitives::bridge::Deposit;
use polkadot_sdk::sp_core::{crypto::AccountId32, H256};
use std::{sync::Arc, time::Duration};
use subxt_signer::sr25519::Keypair;

/// Whether `a` and `b` credit the same thing on L2 (the L1 block and transaction may differ:
/// the same deposit mined again after a reorg).
pub fn same_credit(a: &Deposit<AccountId32>, b: &Deposit<AccountId32>) -> bool {
	(a.nonce, a.l1_token, a.l1_sender, &a.recipient, a.amount)
		== (b.nonce, b.l1_token, b.l1_sender, &b.recipient, b.amount)
}

/// A Portal log as the deposit the bridge pallet takes.
pub fn deposit_from_log(log: &Log, portal: Address) -> anyhow::Result<Deposit<AccountId32>> {
	ensure!(log.address() == portal, "log of {} is not the Portal's", log.address());
	ensure!(!log.removed, "log was removed by a reorg");
	let event =
		log.log_decode::<Portal::DepositInitiated>().context("not a DepositInitiated log")?;
	let data = event.inner.data;
	Ok(Deposit {
		nonce: u64::try_from(data.nonce).map_err(|_| anyhow!("deposit nonce beyond u64"))?,
		l1_token: data.token.into_array(),
		l1_sender: data.from.into_array(),
		recipient: AccountId32::new(data.l2Recipient.0),
		amount: u128::try_from(data.amount).map_err(|_| anyhow!("deposit amount beyond u128"))?,
		l1_block_number: log.block_number.ok_or_else(|| anyhow!("log without block number"))?,
		l1_tx_hash: H256(log.transaction_hash.ok_or_else(|| anyhow!("log without tx hash"))?.0),
	})
}

/// The longest run of consecutive nonces from `next` at the start of `stored` (sorted), at
/// most `max` long.
pub fn consecutive_from<T: Clone>(next: u64, stored: &[(u64, T)], max: usize) -> Vec<T> {
	stored
		.iter()
		.enumerate()
		.take_while(|(i, (nonce, _))| *nonce == next + *i as u64)
		.take(max)
		.map(|(_, (_, deposit))| deposit.clone())
		.collect()
}

/// The deposit relayer loop.
pub struct DepositRelayer {
	ctx: Arc<Ctx>,
	signer: Keypair,
	account: AccountId32,
	l2: L2Conn,
}

impl DepositRelayer {
	/// A relayer signing with the sr25519 secret URI `suri`.
	pub fn new(ctx: Arc<Ctx>, suri: &Secret) -> anyhow::Result<Self> {
		let signer = keypair_from_uri(suri.expose())?;
		let account = AccountId32::new(signer.public_key().0);
		tracing::info!(%account, "deposit relayer account");
		Ok(Self { l2: L2Conn::new(&ctx.config.l2.rpc_url), ctx, signer, account })
	}

	async fn block_hash(&self, number: u64) -> anyhow::Result<alloy::primitives::B256> {
		let block = self
			.ctx
			.l1
			.get_block_by_number(BlockNumberOrTag::Number(number))
			.await?
			.ok_or_else(|| anyhow!("L1 block {number} not found"))?;
		Ok(block.header.hash)
	}

	/// Rewinds the cursor if a reorg changed the block under it.
	async fn check_reorg(&self, cursor: ScanCursor) -> anyhow::Result<Option<ScanCursor>> {
		// A block that no longer exists (the chain got shorter) is a reorg too.
		let current = self
			.ctx
			.l1
			.get_block_by_number(BlockNumberOrTag::Number(cursor.block))
			.await?
			.map(|block| block.header.hash);
		if current == Some(cursor.hash) {
			return Ok(Some(cursor));
		}
		let config = &self.ctx.config;
		let back = cursor.block.saturating_sub(config.deposits.reorg_rewind_blocks);
		let new_cursor = if back < config.l1.start_block {
			None
		} else {
			Some(ScanCursor { block: back, hash: self.block_hash(back).await? })
		};
		let dropped = self
			.ctx
			.db
			.rewind_scan(new_cursor, |d: &Deposit<AccountId32>| d.l1_block_number > back)?;
		tracing::warn!(
			cursor = cursor.block,
			rewound_to = back,
			dropped,
			"L1 reorg below the deposit scan cursor; rescanning"
		);
		self.ctx.metrics.l1_reorgs.inc();
		Ok(new_cursor)
	}

	/// The last L1 block whose deposits may be relayed: `head - confirmations`, and with
	/// `deposits.finalized_only` at most the `finalized` block.
	async fn scan_bound(&self) -> anyhow::Result<Option<u64>> {
		let config = &self.ctx.config;
		let head = self.ctx.l1.get_block_number().await?;
		let Some(confirmed) = head.checked_sub(config.l1.confirmations) else { return Ok(None) };
		if !config.deposits.finalized_only {
			return Ok(Some(confirmed));
		}
		let finalized = self
			.ctx
			.l1
			.get_block_by_number(BlockNumberOrTag::Finalized)
			.await
			.context("eth_getBlockByNumber(finalized): set deposits.finalized_only = false for an endpoint without the tag")?
			.map(|block| block.header.number);
		Ok(finalized.map(|finalized| finalized.min(confirmed)))
	}

	/// Scans the Portal's logs up to [`Self::scan_bound`].
	async fn scan(&self) -> anyhow::Result<()> {
		let config = &self.ctx.config.l1;
		let Some(safe) = self.scan_bound().await? else { return Ok(()) };
		let cursor = match self.ctx.db.deposit_cursor()? {
			Some(cursor) => self.check_reorg(cursor).await?,
			None => None,
		};
		let mut from = cursor.map(|c| c.block + 1).unwrap_or(config.start_block);
		while from <= safe && !self.ctx.shutdown.is_cancelled() {
			let to = safe.min(from + config.max_log_range - 1);
			let filter = Filter::new()
				.address(config.portal)
				.event_signature(Portal::DepositInitiated::SIGNATURE_HASH)
				.from_block(from)
				.to_block(to);
			let logs = self.ctx.l1.get_logs(&filter).await.context("eth_getLogs")?;
			let deposits = logs
				.iter()
				.map(|log| deposit_from_log(log, config.portal).map(|d| (d.nonce, d)))
				.collect::<anyhow::Result<Vec<_>>>()?;
			self.check_relayed(&deposits)?;
			let hash = self.block_hash(to).await?;
			self.ctx.db.record_scan(&deposits, ScanCursor { block: to, hash })?;
			if !deposits.is_empty() {
				tracing::info!(from, to, found = deposits.len(), "scanned Portal deposits");
			}
			from = to + 1;
		}
		Ok(())
	}

	/// Raises the alarm for every deposit in `found` that replaces a different, already relayed
	/// deposit with the same nonce.
	fn check_relayed(&self, found: &[(u64, Deposit<AccountId32>)]) -> anyhow::Result<()> {
		for (nonce, deposit) in found {
			let Some(relayed) = self.ctx.db.relayed::<Deposit<AccountId32>>(*nonce)? else {
				continue;
			};
			if !same_credit(&relayed, deposit) {
				self.ctx.metrics.deposits_changed_by_reorg.inc();
				tracing::error!(
					nonce,
					?relayed,
					now_on_l1 = ?deposit,
					"RELAYED DEPOSIT CHANGED: an L1 reorg replaced a deposit L2 already credited; \
					 pause the Portal and reconcile"
				);
			}
		}
		Ok(())
	}

	/// Relays the stored deposits the L2 expects next.
	async fn relay(&mut self) -> anyhow::Result<()> {
		let l2 = self.l2.get().await?;
		// After a Portal migration the bridge takes deposits of the new Portal only.
		let portal = self.ctx.config.l1.portal_contract();
		l2.ensure_portal(portal).await?;
		let next = l2.next_deposit_nonce().await?;
		self.ctx.metrics.next_deposit_nonce.set(next as i64);
		self.ctx.db.prune_deposits(next)?;
		let per_call = self.ctx.config.deposits.max_per_call;
		let max = per_call * self.ctx.config.deposits.calls_in_flight;
		let stored: Vec<(u64, Deposit<AccountId32>)> = self.ctx.db.deposits_from(next, max)?;
		let batch = consecutive_from(next, &stored, max);
		if batch.is_empty() {
			if let Some((first, _)) = stored.first() {
				// Deposit `next` is missing although later ones were found: the database lost
				// it (or L2 went back). Scan again from the start.
				tracing::warn!(next, first, "deposit {next} is not in the database; rescanning L1");
				self.ctx.db.rewind_scan(None, |_: &Deposit<AccountId32>| true)?;
			}
			return Ok(());
		}
		let (first, last) = (batch[0].nonce, batch[batch.len() - 1].nonce);
		let calls: Vec<_> = batch.chunks(per_call).map(<[_]>::to_vec).collect();
		let timeout = Duration::from_secs(120);
		match l2.relay_deposits(&self.signer, &self.account, portal, &calls, timeout).await {
			Ok(extrinsics) => {
				tracing::info!(first, last, calls = extrinsics.len(), "relayed deposits");
				self.ctx.metrics.deposits_relayed.inc_by(batch.len() as u64);
				self.ctx.metrics.next_deposit_nonce.set(last as i64 + 1);
				self.ctx.db.add_counter("deposits.relayed", batch.len() as u64)?;
				let relayed: Vec<_> = batch.iter().map(|d| (d.nonce, d.clone())).collect();
				self.ctx.db.record_relayed(&relayed)?;
				Ok(())
			},
			Err(e) if e.to_string().contains("UnexpectedDepositNonce") => {
				tracing::warn!(first, "the bridge expected another nonce; re-reading it");
				Ok(())
			},
			Err(e) => Err(e),
		}
	}
}

impl DepositRelayer {
	/// Reports BNB Chain's prices to the L1 fee pallet when due; a failure is logged and
	/// counted, and never holds up deposits.
	async fn report_l1_prices(&self, l2: &crate::l2::L2) {
		let config = &self.ctx.config;
		let policy = l1_prices::Policy {
			change_pct: config.deposits.l1_price_change_pct,
			refresh_blocks: config.deposits.l1_price_refresh_blocks,
		};
		// What the batcher pays per L1 gas at the least.
		let floor = crate::txmgr::gwei_to_wei(config.l1.fees.min_priority_fee_gwei);
		let report = l1_prices::report_if_due(&self.ctx.l1, l2, &self.signer, policy, floor);
		let metrics = &self.ctx.metrics;
		match tokio::time::timeout(Duration::from_secs(60), report).await {
			Ok(Ok(l1_prices::Outcome::Reported(l1_block, base_fee, blob_base_fee))) => {
				tracing::info!(l1_block, base_fee, blob_base_fee, "reported L1 prices");
				metrics.l1_prices_reported.inc();
				metrics.l1_prices_age_blocks.set(0);
				metrics.l1_gas_price_reported.set(base_fee.try_into().unwrap_or(i64::MAX));
			},
			Ok(Ok(l1_prices::Outcome::NotDue { age })) => {
				metrics.l1_prices_age_blocks.set(age.into())
			},
			Ok(Ok(l1_prices::Outcome::NoParams)) => {
				tracing::warn!(
					"the L2 has no L1 fee parameters (L1Fee.set_params): no L1 data fee is charged"
				);
				metrics.l1_price_reports_failed.inc();
			},
			Ok(Err(e)) => {
				metrics.l1_price_reports_failed.inc();
				tracing::warn!(error = format!("{e:#}"), "reporting L1 prices failed");
			},
			Err(_) => {
				metrics.l1_price_reports_failed.inc();
				tracing::warn!("reporting L1 prices: not finalized within 60 s");
			},
		}
	}
}

impl Round for DepositRelayer {
	const NAME: &'static str = "deposits";

	async fn round(&mut self) -> anyhow::Result<()> {
		let l2 = self.l2.get().await?;
		if l2.has_pending_transaction(&self.account).await? {
			tracing::debug!("a transaction of the relayer is still in the L2 pool; waiting");
			return Ok(());
		}
		self.scan().await?;
		if self.ctx.shutdown.is_cancelled() {
			return Ok(());
		}
		// Prices are reported even when relaying failed this round.
		let relayed = self.relay().await;
		if self.ctx.config.deposits.report_l1_prices {
			self.report_l1_prices(&l2).await;
		}
		relayed
	}

	fn on_error(&mut self) {
		self.l2.reset();
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloy::primitives::{Address, LogData, B256, U256};

	fn portal() -> Address {
		Address::repeat_byte(0xaa)
	}

	fn log(nonce: u64, token: Address, amount: U256) -> Log {
		let event = Portal::DepositInitiated {
			nonce: U256::from(nonce),
			from: Address::repeat_byte(0x11),
			l2Recipient: B256::repeat_byte(0x22),
			token,
			amount,
		};
		let data: LogData = event.encode_log_data();
		Log {
			inner: alloy::primitives::Log { address: portal(), data },
			block_hash: Some(B256::repeat_byte(5)),
			block_number: Some(77),
			block_timestamp: None,
			transaction_hash: Some(B256::repeat_byte(6)),
			transaction_index: Some(0),
			log_index: Some(3),
			removed: false,
		}
	}

	#[test]
	fn deposit_logs_become_bridge_deposits() {
		let bnb =
			deposit_from_log(&log(4, Address::ZERO, U256::from(10u64.pow(18))), portal()).unwrap();
		assert_eq!(
			bnb,
			Deposit {
				nonce: 4,
				l1_token: [0; 20],
				l1_sender: [0x11; 20],
				recipient: AccountId32::new([0x22; 32]),
				amount: 10u128.pow(18),
				l1_block_number: 77,
				l1_tx_hash: H256::repeat_byte(6),
			}
		);
		let token = Address::repeat_byte(0x33);
		let bep20 = deposit_from_log(&log(5, token, U256::from(7)), portal()).unwrap();
		assert_eq!(bep20.l1_token, [0x33; 20]);
		assert_eq!(bep20.amount, 7);
	}

	#[test]
	fn foreign_removed_or_oversized_logs_are_refused() {
		let good = log(1, Address::ZERO, U256::from(1));
		assert!(deposit_from_log(&good, Address::repeat_byte(1)).is_err());
		let mut removed = good.clone();
		removed.removed = true;
		assert!(deposit_from_log(&removed, portal()).is_err());
		let huge = log(1, Address::ZERO, U256::from(u128::MAX) + U256::from(1));
		assert!(deposit_from_log(&huge, portal()).is_err());
		let mut other = good.clone();
		other.inner.data = LogData::new_unchecked(vec![B256::repeat_byte(9)], Default::default());
		assert!(deposit_from_log(&other, portal()).is_err());
		let mut pending = good;
		pending.block_number = None;
		assert!(deposit_from_log(&pending, portal()).is_err());
	}

	#[test]
	fn only_consecutive_nonces_from_the_next_are_relayed() {
		let stored: Vec<(u64, u64)> = vec![(5, 5), (6, 6), (7, 7), (9, 9)];
		assert_eq!(consecutive_from(5, &stored, 64), vec![5, 6, 7]);
		assert_eq!(consecutive_from(5, &stored, 2), vec![5, 6]);
		assert!(consecutive_from(4, &stored, 64).is_empty());
		assert!(consecutive_from(0, &[] as &[(u64, u64)], 64).is_empty());
		let many: Vec<(u64, u64)> = (0..100).map(|n| (n, n)).collect();
		assert_eq!(consecutive_from(0, &many, 64).len(), 64);
	}

	#[test]
	fn deposits_round_trip_through_the_database_encoding() {
		let deposit = deposit_from_log(&log(4, Address::ZERO, U256::from(3)), portal()).unwrap();
		let json = serde_json::to_vec(&deposit).unwrap();
		assert_eq!(serde_json::from_slice::<Deposit<AccountId32>>(&json).unwrap(), deposit);
	}

	#[test]
	fn the_same_deposit_mined_again_is_the_same_credit_another_is_not() {
		let deposit = deposit_from_log(&log(4, Address::ZERO, U256::from(7)), portal()).unwrap();
		let remined =
			Deposit { l1_block_number: 99, l1_tx_hash: H256::repeat_byte(9), ..deposit.clone() };
		assert!(same_credit(&deposit, &remined));
		let richer = Deposit { amount: 8, ..deposit.clone() };
		assert!(!same_credit(&deposit, &richer));
		let elsewhere = Deposit { recipient: AccountId32::new([5; 32]), ..deposit.clone() };
		assert!(!same_credit(&deposit, &elsewhere));
	}
}
