//! Runtime API of the RWA pallet, served over JSON-RPC by `pallet-rwa-rpc`.

use crate::types::{CheckpointId, DistributionId, RwaAssetId, TransferStatus};
use codec::Codec;

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Read-only questions wallets ask about RWA assets.
	#[api_version(2)]
	pub trait RwaApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// Whether a holder's transfer would pass now: ERC-1400 code and the failing rule.
		fn can_transfer(
			asset: RwaAssetId,
			from: AccountId,
			to: AccountId,
			amount: Balance,
		) -> TransferStatus<Balance>;

		/// Whether `spender` could move `amount` of `from`'s units to `to` now under its
		/// allowance (`transfer_from`): ERC-1400 code, operator codes included, and the failing
		/// rule.
		#[api_version(2)]
		fn can_transfer_from(
			asset: RwaAssetId,
			spender: AccountId,
			from: AccountId,
			to: AccountId,
			amount: Balance,
		) -> TransferStatus<Balance>;

		/// The balance of `who` at a checkpoint; `None` if the checkpoint does not exist.
		fn balance_at(asset: RwaAssetId, who: AccountId, checkpoint: CheckpointId) -> Option<Balance>;

		/// What `holder` may still claim from a distribution (zero once paid); `None` if the
		/// distribution does not exist.
		fn distribution_entitlement(distribution: DistributionId, holder: AccountId) -> Option<Balance>;
	}
}
