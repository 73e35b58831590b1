//! L1 prices for the L2's L1 data fee (`pallet-l1-fee`, docs/developer.md "Fees"): the deposit
//! relayer's account, one of the bridge's relayers, reports BNB Chain's gas price and blob base
//! fee with `L1Fee.report_l1_prices`, so that what L2 transactions pay follows the batcher's
//! bill.
//!
//! - The gas price is `eth_gasPrice` (on BNB Chain the base fee is 0 and the price is the
//!   validators' minimum tip; on anvil it is base fee plus tip), the blob base fee
//!   `eth_blobBaseFee` (1 wei where the endpoint has none: no blobs, no blob price).
//! - A report goes out when a price moved by at least `deposits.l1_price_change_pct` percent from
//!   the one in force, or the one in force is `deposits.l1_price_refresh_blocks` L2 blocks old;
//!   never within [`L1_PRICE_REPORT_INTERVAL`] blocks of the last, which the pallet refuses
//!   (a refused call would cost the relayer its fee).
//! - Prices outside governance's bounds are clamped into them, with a warning: the bounds are
//!   governance's decision, and the relayer keeps the price as close as they allow.

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

/// Whether `observed` should be reported at L2 block `best`, given the prices in force.
pub fn report_due(
	in_force: &L1Prices<BlockNumber>,
	observed: &Observed,
	best: BlockNumber,
	policy: Policy,
) -> bool {
	let age = best.saturating_sub(in_force.reported_at);
	if observed.l1_block <= in_force.l1_block || age < L1_PRICE_REPORT_INTERVAL {
		return false;
	}
	let moved = |was: u128, now: u128| {
		let change = was.abs_diff(now).saturating_mul(100);
		change >= was.saturating_mul(policy.change_pct.into()) && was != now
	};
	age >= policy.refresh_blocks
		|| moved(in_force.base_fee, observed.gas_price)
		|| moved(in_force.blob_base_fee, observed.blob_base_fee)
}

/// `observed` within `params`' bounds: (base fee, blob base fee) as reported.
pub fn clamp(params: &FeeParams, observed: &Observed) -> (u128, u128) {
	(
		observed.gas_price.clamp(params.min_base_fee, params.max_base_fee),
		observed.blob_base_fee.min(params.max_blob_base_fee),
	)
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

/// Reports BNB Chain's prices if [`report_due`] says so; returns what it reported.
pub async fn report_if_due(
	l1: &DynProvider,
	l2: &L2,
	signer: &Keypair,
	policy: Policy,
) -> anyhow::Result<Option<(u64, u128, u128)>> {
	let Some(params) = read::<FeeParams>(l2, "Params").await? else {
		return Ok(None); // No L1 data fee on this network.
	};
	let in_force = read::<L1Prices<BlockNumber>>(l2, "Prices").await?.unwrap_or_default();
	let best = BlockNumber::try_from(l2.best_number().await?)
		.map_err(|_| anyhow!("L2 block number beyond u32"))?;
	let observed = observe(l1).await?;
	if !report_due(&in_force, &observed, best, policy) {
		return Ok(None);
	}
	let (base_fee, blob_base_fee) = clamp(&params, &observed);
	if (base_fee, blob_base_fee) != (observed.gas_price, observed.blob_base_fee) {
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
	Ok(Some((observed.l1_block, base_fee, blob_base_fee)))
}

#[cfg(test)]
mod tests {
	use super::*;

	const GWEI: u128 = 1_000_000_000;
	const POLICY: Policy = Policy { change_pct: 10, refresh_blocks: 300 };

	fn in_force(l1_block: u64, base_fee: u128, reported_at: BlockNumber) -> L1Prices<BlockNumber> {
		L1Prices { l1_block, base_fee, blob_base_fee: 1, reported_at }
	}

	fn observed(l1_block: u64, gas_price: u128) -> Observed {
		Observed { l1_block, gas_price, blob_base_fee: 1 }
	}

	#[test]
	fn a_report_is_due_on_a_change_of_ten_percent_or_after_the_refresh() {
		let current = in_force(100, 10 * GWEI, 50);
		assert!(!report_due(&current, &observed(101, 10 * GWEI), 100, POLICY), "nothing moved");
		assert!(!report_due(&current, &observed(101, 10 * GWEI + GWEI / 2), 100, POLICY), "5 %");
		assert!(report_due(&current, &observed(101, 11 * GWEI), 100, POLICY), "up 10 %");
		assert!(report_due(&current, &observed(101, 9 * GWEI), 100, POLICY), "down 10 %");
		assert!(report_due(&current, &observed(101, 10 * GWEI), 350, POLICY), "refresh");
		let blobs = Observed { blob_base_fee: 2, ..observed(101, 10 * GWEI) };
		assert!(report_due(&current, &blobs, 100, POLICY), "blob base fee doubled");
	}

	#[test]
	fn no_report_the_pallet_would_refuse() {
		let current = in_force(100, 10 * GWEI, 50);
		let doubled = observed(101, 20 * GWEI);
		let too_soon = 50 + L1_PRICE_REPORT_INTERVAL - 1;
		assert!(!report_due(&current, &doubled, too_soon, POLICY), "within the interval");
		assert!(report_due(&current, &doubled, too_soon + 1, POLICY));
		assert!(!report_due(&current, &observed(100, 20 * GWEI), 100, POLICY), "same L1 block");
		assert!(!report_due(&current, &observed(99, 20 * GWEI), 100, POLICY), "older L1 block");
	}

	#[test]
	fn the_genesis_prices_are_replaced_at_the_first_chance() {
		let genesis = in_force(0, GWEI / 10, 0);
		assert!(report_due(&genesis, &observed(1, GWEI), L1_PRICE_REPORT_INTERVAL, POLICY));
	}

	#[test]
	fn prices_outside_the_bounds_are_clamped() {
		let params = FeeParams {
			base_fee_scalar: 1_000_000,
			blob_base_fee_scalar: 0,
			compression_ppm: 500_000,
			min_base_fee: GWEI / 100,
			max_base_fee: 100 * GWEI,
			max_blob_base_fee: 100 * GWEI,
		};
		let low = Observed { l1_block: 1, gas_price: 7, blob_base_fee: 1 };
		assert_eq!(clamp(&params, &low), (GWEI / 100, 1));
		let high = Observed { l1_block: 1, gas_price: 500 * GWEI, blob_base_fee: 500 * GWEI };
		assert_eq!(clamp(&params, &high), (100 * GWEI, 100 * GWEI));
		let inside = Observed { l1_block: 1, gas_price: GWEI, blob_base_fee: 3 };
		assert_eq!(clamp(&params, &inside), (GWEI, 3));
	}
}
