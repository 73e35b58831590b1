//! The compliance check that pallets call before value moves between two accounts: channel
//! settlements and payments ask the runtime's check (`pallet-payments`), payments ask the RWA
//! rules (`pallet-rwa`). One trait for every such seam, each with the weight of its worst case.

use polkadot_sdk::sp_runtime::{DispatchResult, Weight};

/// Decides whether `amount` of `asset` may move from one account to another.
pub trait TransferCheck<AccountId, AssetKind, Balance> {
	/// `Ok` if `from` may transfer `amount` of `asset` to `to`, otherwise the reason it may not.
	fn check_transfer(
		asset: &AssetKind,
		from: &AccountId,
		to: &AccountId,
		amount: Balance,
	) -> DispatchResult;

	/// The most one [`TransferCheck::check_transfer`] call can weigh, uncached reads included;
	/// callers add it to their weight for every check they make.
	fn check_weight() -> Weight;

	/// Makes a transfer of `asset` from `from` to `to` pass while doing the most work the check
	/// can do, for benchmarks of the calling pallet.
	#[cfg(feature = "runtime-benchmarks")]
	fn make_worst_case_compliant(_asset: &AssetKind, _from: &AccountId, _to: &AccountId) {}
}

/// Allows every transfer, at no cost: for runtimes or mocks without compliance rules.
impl<AccountId, AssetKind, Balance> TransferCheck<AccountId, AssetKind, Balance> for () {
	fn check_transfer(
		_asset: &AssetKind,
		_from: &AccountId,
		_to: &AccountId,
		_amount: Balance,
	) -> DispatchResult {
		Ok(())
	}

	fn check_weight() -> Weight {
		Weight::zero()
	}
}
