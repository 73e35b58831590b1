//! L1 prices for the L2's L1 data fee (`pallet-l1-fee`, docs/developer.md "Fees"): the deposit
//! relayer's account, one of the bridge's relayers, reports BNB Chain's gas price and blob base
//! fee with `L1Fee.report_l1_prices`, so that what L2 transactions pay follows the batcher's
//! bill.
//!
//! - The gas price is `eth_gasPrice` (on BNB Chain the base fee is 0 and the price is the
//!   validators' minimum tip; on anvil it is base fee plus tip), but at least the batcher's own
//!   minimum (`l1.fees.min_priority_fee_gwei`), which is what the batcher pays at the least; the
//!   blob base fee is `eth_blobBaseFee` (1 wei where the endpoint has none).
//! - What is reported is kept within what the pallet takes ([`to_report`]): governance's
//!   bounds (with a warning: the bounds are governance's decision) and at most double or half
//!   the base fee in force per report, so a large move arrives in steps.
//! - A report goes out when the base fee to report moved by at least
//!   `deposits.l1_price_change_pct` percent from the one in force (the blob base fee too, once
//!   its scalar is not 0), or the prices in force are `deposits.l1_price_refresh_blocks` L2
//!   blocks old; never within [`L1_PRICE_REPORT_INTERVAL`] blocks of the last, which the pallet
//!   refuses (a refused call costs the relayer its fee; an accepted one is free).

use crate::l2::L2;
use alloy::providers::{DynProvider, Provider};
use anyhow::{anyhow, Context};
use codec::Decode;
use mooring_primitives::{BlockNumber, L1_PRICE_REPORT_INTERVAL};
use pallet_l1_fee::{FeeParams, L1Prices};
use serde_json::Value as Json;
use subxt::dynamic::Value;
use subxt_signer::sr25519::Keypair;

/// BNB Chain's prices at one of its blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Observed {
	/// The L1 block (the head when read).
	pub l1_block: u64,
	/// `eth_gasPrice`, in wei.
	pub gas_price: u128,
	/// `eth_blobBaseFee`, in wei.
	pub blob_base_fee: u128,
}

/// When to report.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
	/// Report when a price moved by at least this many percent.
	pub change_pct: u32,
	/// Report when the prices in force are this many L2 blocks old.
	pub refresh_blocks: BlockNumber,
}

/// The base fee and blob base fee to report for `observed`, paying at least `floor` wei per
/// L1 gas: within governance's bounds and the move the pallet allows from `in_force`.
pub fn to_report(
	params: &FeeParams,
	in_force: &L1Prices<BlockNumber>,
	observed: &Observed,
	floor: u128,
) -> (u128, u128) {
	let (lowest, highest) = params.next_base_fee_range(in_force.base_fee);
	let base_fee = observed.gas_price.max(floor).clamp(lowest, highest);
	(base_fee, observed.blob_base_fee.min(params.max_blob_base_fee))
}

/// Whether to report `reported` (from [`to_report`]) at L1 block `l1_block` and L2 block
/// `best`, given the prices in force.
pub fn report_due(
	params: &FeeParams,
	in_force: &L1Prices<BlockNumber>,
	(l1_block, reported): (u64, (u128, u128)),
	best: BlockNumber,
	policy: Policy,
) -> bool {
	let age = best.saturating_sub(in_force.reported_at);
	if l1_block <= in_force.l1_block || age < L1_PRICE_REPORT_INTERVAL {
		return false;
	}
	let moved = |was: u128, now: u128| {
		let change = was.abs_diff(now).saturating_mul(100);
		was != now && change >= was.saturating_mul(policy.change_pct.into())
	};
	let blobs_count = params.blob_base_fee_scalar > 0;
	age >= policy.refresh_blocks
		|| moved(in_force.base_fee, reported.0)
		|| (blobs_count && moved(in_force.blob_base_fee, reported.1))
}

/// Reads BNB Chain's head and prices.
pub async fn observe(l1: &DynProvider) -> anyhow::Result<Observed> {
	let l1_block = l1.get_block_number().await.context("eth_blockNumber")?;
	let gas_price = l1.get_gas_price().await.context("eth_gasPrice")?;
	let blob_base_fee = match l1.get_blob_base_fee().await {
		Ok(fee) => fee,
		Err(e) => {
			tracing::debug!(error = %e, "eth_blobBaseFee unavailable; reporting 1 wei");
			1
		},
	};
	Ok(Observed { l1_block, gas_price, blob_base_fee })
}

/// The L2 storage key of the L1 fee pallet's `item` (the pallet is `L1Fee` in the runtime).
fn storage_key(item: &str) -> String {
	alloy::hex::encode_prefixed(pallet_l1_fee::storage_key("L1Fee", item))
}

/// Reads and decodes the L1 fee pallet's `item` at the best block.
async fn read<T: Decode>(l2: &L2, item: &str) -> anyhow::Result<Option<T>> {
	let raw: Json = l2.call("state_getStorage", vec![storage_key(item).into()]).await?;
	let Some(hex) = raw.as_str() else { return Ok(None) };
	let bytes = alloy::hex::decode(hex).context("state_getStorage: not hex")?;
	Ok(Some(T::decode(&mut &bytes[..]).with_context(|| format!("L1Fee.{item} undecodable"))?))
}

/// What a round of reporting found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
	/// The network has no L1 data fee parameters: nothing to report (governance must set them).
	NoParams,
	/// Nothing due; the prices in force are this many L2 blocks old.
	NotDue { age: BlockNumber },
	/// Reported (L1 block, base fee, blob base fee).
	Reported(u64, u128, u128),
}

/// Reports BNB Chain's prices if [`report_due`] says so, paying at least `floor` wei per gas.
pub async fn report_if_due(
	l1: &DynProvider,
	l2: &L2,
	signer: &Keypair,
	policy: Policy,
	floor: u128,
) -> anyhow::Result<Outcome> {
	let Some(params) = read::<FeeParams>(l2, "Params").await? else {
		return Ok(Outcome::NoParams);
	};
	let in_force = read::<L1Prices<BlockNumber>>(l2, "Prices").await?.unwrap_or_default();
	let best = BlockNumber::try_from(l2.best_number().await?)
		.map_err(|_| anyhow!("L2 block number beyond u32"))?;
	let observed = observe(l1).await?;
	let reported = to_report(&params, &in_force, &observed, floor);
	if !report_due(&params, &in_force, (observed.l1_block, reported), best, policy) {
		return Ok(Outcome::NotDue { age: best.saturating_sub(in_force.reported_at) });
	}
	let (base_fee, blob_base_fee) = reported;
	if !params.admits(observed.gas_price.max(floor), observed.blob_base_fee) {
		tracing::warn!(
			?observed,
			base_fee,
			blob_base_fee,
			"L1 prices outside governance's bounds; reporting the bound"
		);
	}
	let call = subxt::dynamic::transaction(
		"L1Fee",
		"report_l1_prices",
		(Value::u128(observed.l1_block.into()), Value::u128(base_fee), Value::u128(blob_base_fee)),
	);
	l2.submit(&call, signer).await.context("L1Fee.report_l1_prices")?;
	Ok(Outcome::Reported(observed.l1_block, base_fee, blob_base_fee))
}

#[cfg(test)]
mod tests {
	use super::*;

	const GWEI: u128 = 1_000_000_000;
	const POLICY: Policy = Policy { change_pct: 10, refresh_blocks: 300 };

	fn params() -> FeeParams {
		FeeParams {
			base_fee_scalar: 1_000_000,
			blob_base_fee_scalar: 0,
			compression_ppm: 500_000,
			min_base_fee: GWEI / 100,
			max_base_fee: 100 * GWEI,
			max_blob_base_fee: 100 * GWEI,
		}
	}

	fn in_force(l1_block: u64, base_fee: u128, reported_at: BlockNumber) -> L1Prices<BlockNumber> {
		L1Prices { l1_block, base_fee, blob_base_fee: 1, reported_at }
	}

	fn due(
		current: &L1Prices<BlockNumber>,
		l1_block: u64,
		base_fee: u128,
		best: BlockNumber,
	) -> bool {
		report_due(&params(), current, (l1_block, (base_fee, 1)), best, POLICY)
	}

	#[test]
	fn a_report_is_due_on_a_change_of_ten_percent_or_after_the_refresh() {
		let current = in_force(100, 10 * GWEI, 50);
		assert!(!due(&current, 101, 10 * GWEI, 100), "nothing moved");
		assert!(!due(&current, 101, 10 * GWEI + GWEI / 2, 100), "5 %");
		assert!(due(&current, 101, 11 * GWEI, 100), "up 10 %");
		assert!(due(&current, 101, 9 * GWEI, 100), "down 10 %");
		assert!(due(&current, 101, 10 * GWEI, 350), "refresh");
	}

	#[test]
	fn the_blob_base_fee_counts_only_once_blobs_are_weighed() {
		let current = in_force(100, 10 * GWEI, 50);
		let doubled_blobs = (101, (10 * GWEI, 2));
		assert!(!report_due(&params(), &current, doubled_blobs, 100, POLICY), "scalar 0");
		let with_blobs = FeeParams { blob_base_fee_scalar: 1_000_000, ..params() };
		assert!(report_due(&with_blobs, &current, doubled_blobs, 100, POLICY));
	}

	#[test]
	fn no_report_the_pallet_would_refuse() {
		let current = in_force(100, 10 * GWEI, 50);
		let too_soon = 50 + L1_PRICE_REPORT_INTERVAL - 1;
		assert!(!due(&current, 101, 20 * GWEI, too_soon), "within the interval");
		assert!(due(&current, 101, 20 * GWEI, too_soon + 1));
		assert!(!due(&current, 100, 20 * GWEI, 100), "same L1 block");
		assert!(!due(&current, 99, 20 * GWEI, 100), "older L1 block");
	}

	#[test]
	fn the_genesis_prices_are_replaced_at_the_first_chance() {
		let genesis = in_force(0, GWEI / 10, 0);
		assert!(due(&genesis, 1, GWEI / 5, L1_PRICE_REPORT_INTERVAL));
	}

	#[test]
	fn what_is_reported_stays_within_the_bounds_and_the_allowed_move() {
		let current = in_force(100, GWEI, 50);
		let observed =
			|gas_price, blob_base_fee| Observed { l1_block: 101, gas_price, blob_base_fee };
		assert_eq!(to_report(&params(), &current, &observed(GWEI, 3), 0), (GWEI, 3));
		// A jump to 8 gwei arrives in steps: double the price in force at most.
		assert_eq!(to_report(&params(), &current, &observed(8 * GWEI, 1), 0), (2 * GWEI, 1));
		assert_eq!(to_report(&params(), &current, &observed(GWEI / 8, 1), 0), (GWEI / 2, 1));
		// Never below what the batcher pays at the least.
		let low = in_force(100, GWEI / 10, 50);
		assert_eq!(to_report(&params(), &low, &observed(7, 1), GWEI / 10), (GWEI / 10, 1));
		// Governance's bounds.
		let floor = in_force(100, GWEI / 100, 50);
		assert_eq!(to_report(&params(), &floor, &observed(7, 1), 0), (GWEI / 100, 1));
		let top = in_force(100, 100 * GWEI, 50);
		let dear = observed(500 * GWEI, 500 * GWEI);
		assert_eq!(to_report(&params(), &top, &dear, 0), (100 * GWEI, 100 * GWEI));
	}
}
