//! The L1 prices the relayer reports and the parameters governance sets.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// One million: scalars and the compression ratio are fixed-point with six decimals.
pub const MILLION: u128 = 1_000_000;

/// L1 gas per calldata byte (EIP-2028), which the base fee is paid for.
pub const CALLDATA_GAS_PER_BYTE: u128 = 16;

/// BNB Chain's prices as the relayer last reported them, in wei (BNB has 18 decimals on both
/// chains, so a wei on L1 is a unit of the L2 balance).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct L1Prices<BlockNumber> {
	/// The L1 block the prices were read from.
	pub l1_block: u64,
	/// The L1 base fee per gas.
	pub base_fee: u128,
	/// The L1 blob base fee per blob gas (EIP-4844).
	pub blob_base_fee: u128,
	/// The L2 block that recorded them (0 for the genesis values).
	pub reported_at: BlockNumber,
}

/// How the L1 data fee is computed and the range a report must fall in; set by governance.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct FeeParams {
	/// Weight of the base fee, in millionths (1.0 = 1,000,000): about 1.0 while batches go as
	/// calldata, plus a margin for the batch transaction's own overhead.
	pub base_fee_scalar: u32,
	/// Weight of the blob base fee, in millionths: 0 while batches go as calldata.
	pub blob_base_fee_scalar: u32,
	/// Estimated compressed bytes per encoded transaction byte, in millionths.
	pub compression_ppm: u32,
	/// The lowest base fee a report may give, in wei.
	pub min_base_fee: u128,
	/// The highest base fee a report may give, in wei: what a lying relayer can charge at most.
	pub max_base_fee: u128,
	/// The highest blob base fee a report may give, in wei.
	pub max_blob_base_fee: u128,
}

impl FeeParams {
	/// Whether the parameters are usable: bounds in order, no ratio above 1.0.
	pub fn is_valid(&self) -> bool {
		self.min_base_fee <= self.max_base_fee && u128::from(self.compression_ppm) <= MILLION
	}

	/// The lowest and highest base fee a report may give when `in_force` is the base fee in
	/// force: at most double or half it, within the bounds (any value within them when none is
	/// in force).
	pub fn next_base_fee_range(&self, in_force: u128) -> (u128, u128) {
		if in_force == 0 {
			return (self.min_base_fee, self.max_base_fee);
		}
		let lowest = (in_force / 2).clamp(self.min_base_fee, self.max_base_fee);
		let highest = in_force.saturating_mul(2).clamp(self.min_base_fee, self.max_base_fee);
		(lowest, highest)
	}

	/// Whether `base_fee` and `blob_base_fee` fall within the bounds.
	pub fn admits(&self, base_fee: u128, blob_base_fee: u128) -> bool {
		(self.min_base_fee..=self.max_base_fee).contains(&base_fee)
			&& blob_base_fee <= self.max_blob_base_fee
	}

	/// The L1 data fee of a transaction of `encoded_len` bytes at `prices`, in wei:
	/// `estimated_size × (16 × base_fee × base_fee_scalar + blob_base_fee × blob_base_fee_scalar)
	/// / 10⁶`, where `estimated_size = encoded_len × compression_ppm / 10⁶` (OP Stack's Ecotone
	/// formula, with a fixed compression estimate in place of the exact size).
	pub fn l1_data_fee<BlockNumber>(
		&self,
		encoded_len: u32,
		prices: &L1Prices<BlockNumber>,
	) -> u128 {
		let weighted_price = CALLDATA_GAS_PER_BYTE
			.saturating_mul(prices.base_fee)
			.saturating_mul(self.base_fee_scalar.into())
			.saturating_add(prices.blob_base_fee.saturating_mul(self.blob_base_fee_scalar.into()));
		let scaled_size = u128::from(encoded_len).saturating_mul(self.compression_ppm.into());
		scaled_size.saturating_mul(weighted_price) / (MILLION * MILLION)
	}
}
