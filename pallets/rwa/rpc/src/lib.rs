//! JSON-RPC for `pallet-rwa`: lets wallets ask whether an RWA transfer would go through, and if
//! not, why (ERC-1400 reason code and the failing rule), plus checkpoint balances and unclaimed
//! distribution shares.
//!
//! Methods (register with `Rwa::<_, _, Balance>::new(client).into_rpc()` in the node's RPC
//! module):
//! - `rwa_canTransfer(asset, from, to, amount, at?)` → [`CanTransferResponse`]
//! - `rwa_canTransferFrom(asset, spender, from, to, amount, at?)` → [`CanTransferResponse`],
//!   for a spender's `transfer_from` (adds the operator codes `0x53` and `0x58`)
//! - `rwa_balanceAt(asset, who, checkpoint, at?)` → amount or `null`
//! - `rwa_distributionEntitlement(distribution, holder, at?)` → amount or `null`
//!
//! Amounts are JSON numbers or `0x` hex strings in and decimal strings out, so 128-bit values
//! survive JavaScript.

use codec::Codec;
use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
	types::ErrorObjectOwned,
};
use pallet_rwa::{
	reason_code, runtime_api::RwaApi as RwaRuntimeApi, CheckpointId, ConditionFailure,
	DistributionId, RequirementFailure, Restriction, RwaAssetId, Side, TransferRefusal,
	TransferStatus,
};
use polkadot_sdk::{
	sp_api::ProvideRuntimeApi, sp_blockchain::HeaderBackend, sp_rpc::number::NumberOrHex,
	sp_runtime::traits::Block as BlockT,
};
use serde::{Deserialize, Serialize};
use std::{fmt::Display, marker::PhantomData, sync::Arc};

/// The RPC methods of the RWA pallet.
#[rpc(server)]
pub trait RwaApi<BlockHash, AccountId> {
	/// Whether `from` could send `amount` units of `asset` to `to` now, and if not, why.
	#[method(name = "rwa_canTransfer")]
	fn can_transfer(
		&self,
		asset: RwaAssetId,
		from: AccountId,
		to: AccountId,
		amount: NumberOrHex,
		at: Option<BlockHash>,
	) -> RpcResult<CanTransferResponse>;

	/// Whether `spender` could move `amount` of `from`'s units to `to` under its allowance
	/// now, and if not, why.
	#[method(name = "rwa_canTransferFrom")]
	fn can_transfer_from(
		&self,
		asset: RwaAssetId,
		spender: AccountId,
		from: AccountId,
		to: AccountId,
		amount: NumberOrHex,
		at: Option<BlockHash>,
	) -> RpcResult<CanTransferResponse>;

	/// The balance of `who` at a checkpoint (`null` if the checkpoint does not exist).
	#[method(name = "rwa_balanceAt")]
	fn balance_at(
		&self,
		asset: RwaAssetId,
		who: AccountId,
		checkpoint: CheckpointId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<String>>;

	/// What `holder` may still claim from a distribution (`null` if it does not exist).
	#[method(name = "rwa_distributionEntitlement")]
	fn distribution_entitlement(
		&self,
		distribution: DistributionId,
		holder: AccountId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<String>>;
}

/// The answer of `rwa_canTransfer`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CanTransferResponse {
	/// Whether the transfer would succeed.
	pub ok: bool,
	/// ERC-1400 reason code as hex, e.g. `"0x51"`.
	pub code: String,
	/// The code's ERC-1400 name, e.g. `"TransferSuccess"`.
	pub code_name: String,
	/// Machine-readable refusal, e.g. `"NotCompliant"`; `null` when ok.
	pub reason: Option<String>,
	/// A sentence a wallet can show; `null` when ok.
	pub message: Option<String>,
	/// For `NotCompliant`: the first failing condition of every requirement.
	pub requirements: Vec<RequirementFailureJson>,
	/// For `Restricted`: the refusing restriction.
	pub restriction: Option<RestrictionJson>,
}

/// One failing requirement, as JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequirementFailureJson {
	/// Index of the requirement.
	pub requirement: u32,
	/// Index of its first failing condition.
	pub condition: u32,
	/// `"sender"` or `"receiver"`.
	pub side: String,
	/// Machine-readable failure, e.g. `"KycTierTooLow"`.
	pub failure: String,
	/// What failed, in words.
	pub detail: String,
}

/// The refusing restriction, as JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestrictionJson {
	/// Index in the asset's restriction list.
	pub index: u32,
	/// Machine-readable kind, e.g. `"MaxHolders"`.
	pub kind: String,
	/// The restriction, in words.
	pub detail: String,
}

/// The ERC-1400 name of a reason code.
pub fn code_name(code: u8) -> &'static str {
	match code {
		reason_code::TRANSFER_FAILURE => "TransferFailure",
		reason_code::TRANSFER_SUCCESS => "TransferSuccess",
		reason_code::INSUFFICIENT_BALANCE => "InsufficientBalance",
		reason_code::INSUFFICIENT_ALLOWANCE => "InsufficientAllowance",
		reason_code::TRANSFERS_HALTED => "TransfersHalted",
		reason_code::FUNDS_LOCKED => "FundsLocked",
		reason_code::INVALID_SENDER => "InvalidSender",
		reason_code::INVALID_RECEIVER => "InvalidReceiver",
		reason_code::INVALID_OPERATOR => "InvalidOperator",
		_ => "Unknown",
	}
}

/// Turns the runtime's answer into the JSON wallets get.
pub fn explain<Balance: Display>(status: &TransferStatus<Balance>) -> CanTransferResponse {
	let mut response = CanTransferResponse {
		ok: status.is_success(),
		code: format!("0x{:02x}", status.code),
		code_name: code_name(status.code).into(),
		reason: None,
		message: None,
		requirements: Vec::new(),
		restriction: None,
	};
	let Some(refusal) = &status.refusal else { return response };
	let (reason, message) = describe_refusal(refusal);
	response.reason = Some(reason.into());
	response.message = Some(message);
	match refusal {
		TransferRefusal::NotCompliant(failures) => {
			response.requirements = failures.iter().map(requirement_json).collect()
		},
		TransferRefusal::Restricted { index, restriction } => {
			let (kind, detail) = describe_restriction(restriction);
			response.restriction =
				Some(RestrictionJson { index: *index, kind: kind.into(), detail });
		},
		_ => {},
	}
	response
}

/// Tag and sentence for a refusal.
fn describe_refusal<Balance: Display>(
	refusal: &TransferRefusal<Balance>,
) -> (&'static str, String) {
	match refusal {
		TransferRefusal::UnknownAsset => ("UnknownAsset", "The asset does not exist.".into()),
		TransferRefusal::ZeroAmount => ("ZeroAmount", "The amount is zero.".into()),
		TransferRefusal::AssetPaused => ("AssetPaused", "The issuer has paused the asset.".into()),
		TransferRefusal::InsufficientBalance => {
			("InsufficientBalance", "The sender holds fewer units than the amount.".into())
		},
		TransferRefusal::FundsFrozen { frozen } => {
			("FundsFrozen", format!("{frozen} of the sender's units are frozen."))
		},
		TransferRefusal::SenderFrozen => {
			("SenderFrozen", "The sender's account is frozen for this asset.".into())
		},
		TransferRefusal::ReceiverFrozen => {
			("ReceiverFrozen", "The receiver's account is frozen for this asset.".into())
		},
		TransferRefusal::InvalidSender => {
			("InvalidSender", "This account cannot send units of the asset.".into())
		},
		TransferRefusal::InvalidReceiver => (
			"InvalidReceiver",
			"The receiver cannot receive units (the sender itself or the split vault).".into(),
		),
		TransferRefusal::InsufficientAllowance => {
			("InsufficientAllowance", "The spender's allowance is too small.".into())
		},
		TransferRefusal::NotApproved => {
			("NotApproved", "The spender has no allowance from the holder.".into())
		},
		TransferRefusal::SupplyCapExceeded => {
			("SupplyCapExceeded", "Issuing would exceed the supply cap.".into())
		},
		TransferRefusal::Restricted { restriction, .. } => (
			"Restricted",
			format!("Refused by a restriction: {}.", describe_restriction(restriction).1),
		),
		TransferRefusal::NoRequirements => (
			"NoRequirements",
			"The asset has no compliance requirement, so no transfer is allowed.".into(),
		),
		TransferRefusal::NotCompliant(failures) => (
			"NotCompliant",
			format!(
				"No compliance requirement is met: {}.",
				failures
					.iter()
					.map(|f| format!("requirement {}: {}", f.requirement, describe_failure(f)))
					.collect::<Vec<_>>()
					.join("; ")
			),
		),
	}
}

/// Tag and sentence for a restriction.
fn describe_restriction<Balance: Display>(
	restriction: &Restriction<Balance>,
) -> (&'static str, String) {
	match restriction {
		Restriction::MaxHolders(max) => ("MaxHolders", format!("at most {max} holders")),
		Restriction::MaxBalancePerHolder(max) => {
			("MaxBalancePerHolder", format!("at most {max} units per holder"))
		},
		Restriction::MaxOwnership(share) => (
			"MaxOwnership",
			format!(
				"at most {}.{:04}% of the supply per holder",
				share.deconstruct() / 10_000,
				share.deconstruct() % 10_000
			),
		),
		Restriction::LockupUntil(until) => {
			("LockupUntil", format!("no transfers before Unix time {until} ms"))
		},
		Restriction::TransferVolume { period, max } => {
			("TransferVolume", format!("at most {max} units sent per {period} ms"))
		},
	}
}

/// JSON for one failing requirement.
fn requirement_json(failure: &RequirementFailure) -> RequirementFailureJson {
	RequirementFailureJson {
		requirement: failure.requirement,
		condition: failure.condition,
		side: match failure.side {
			Side::Sender => "sender".into(),
			Side::Receiver => "receiver".into(),
		},
		failure: failure_tag(&failure.failure).into(),
		detail: describe_failure(failure),
	}
}

/// Tag of a condition failure.
fn failure_tag(failure: &ConditionFailure) -> &'static str {
	match failure {
		ConditionFailure::MissingClaim(_) => "MissingClaim",
		ConditionFailure::KycTierTooLow { .. } => "KycTierTooLow",
		ConditionFailure::JurisdictionNotAllowed { .. } => "JurisdictionNotAllowed",
		ConditionFailure::NotAccredited(_) => "NotAccredited",
		ConditionFailure::BlockingClaim(_) => "BlockingClaim",
		ConditionFailure::Blocked(_) => "Blocked",
	}
}

/// A condition failure in words.
fn describe_failure(failure: &RequirementFailure) -> String {
	let who = match failure.side {
		Side::Sender => "the sender",
		Side::Receiver => "the receiver",
	};
	let hex = |bytes: &[u8; 32]| {
		format!("0x{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
	};
	match &failure.failure {
		ConditionFailure::MissingClaim(schema) => {
			format!("{who} has no valid claim of schema {} from a trusted issuer", hex(schema))
		},
		ConditionFailure::KycTierTooLow { required, actual, .. } => {
			format!("{who} has KYC tier {actual}, tier {required} is required")
		},
		ConditionFailure::JurisdictionNotAllowed { actual: Some(country), .. } => format!(
			"the jurisdiction of {who} ({}) is not allowed",
			String::from_utf8_lossy(country)
		),
		ConditionFailure::JurisdictionNotAllowed { actual: None, .. } => {
			format!("the claim of {who} states no jurisdiction")
		},
		ConditionFailure::NotAccredited(_) => format!("{who} is not an accredited investor"),
		ConditionFailure::BlockingClaim(schema) => {
			format!("{who} holds a blocking claim of schema {}", hex(schema))
		},
		ConditionFailure::Blocked(did) => {
			format!("the DID of {who} ({}) is blocked by the issuer", hex(did))
		},
	}
}

/// The RPC handler, for a runtime whose RWA units are `Balance`.
pub struct Rwa<C, Block, Balance> {
	client: Arc<C>,
	_marker: PhantomData<(Block, Balance)>,
}

impl<C, Block, Balance> Rwa<C, Block, Balance> {
	/// A handler answering from `client`'s state.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

/// An RPC error with code `code`.
fn rpc_error(code: i32, message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(code, message.into(), None::<()>)
}

/// The RPC error of a failed runtime call.
fn runtime_error(error: impl Display) -> ErrorObjectOwned {
	rpc_error(RUNTIME_ERROR, format!("runtime call failed: {error}"))
}

impl<C, Block, Balance> Rwa<C, Block, Balance>
where
	Block: BlockT,
	C: HeaderBackend<Block>,
	Balance: TryFrom<NumberOrHex>,
{
	/// The block to answer at (the best one if none is named) and the amount as a balance.
	fn at_and_amount(
		&self,
		at: Option<Block::Hash>,
		amount: NumberOrHex,
	) -> RpcResult<(Block::Hash, Balance)> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let amount = amount
			.try_into()
			.map_err(|_| rpc_error(INVALID_AMOUNT, "amount does not fit the balance type"))?;
		Ok((at, amount))
	}
}

/// Error code of a failed runtime call.
pub const RUNTIME_ERROR: i32 = 1;
/// Error code of an amount that does not fit the balance type.
pub const INVALID_AMOUNT: i32 = 2;

#[async_trait]
impl<C, Block, AccountId, Balance> RwaApiServer<<Block as BlockT>::Hash, AccountId>
	for Rwa<C, Block, Balance>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: RwaRuntimeApi<Block, AccountId, Balance>,
	AccountId: Codec + Send + Sync + 'static,
	Balance: Codec + Display + TryFrom<NumberOrHex> + Send + Sync + 'static,
{
	fn can_transfer(
		&self,
		asset: RwaAssetId,
		from: AccountId,
		to: AccountId,
		amount: NumberOrHex,
		at: Option<Block::Hash>,
	) -> RpcResult<CanTransferResponse> {
		let (at, amount) = self.at_and_amount(at, amount)?;
		let status = self
			.client
			.runtime_api()
			.can_transfer(at, asset, from, to, amount)
			.map_err(runtime_error)?;
		Ok(explain(&status))
	}

	fn can_transfer_from(
		&self,
		asset: RwaAssetId,
		spender: AccountId,
		from: AccountId,
		to: AccountId,
		amount: NumberOrHex,
		at: Option<Block::Hash>,
	) -> RpcResult<CanTransferResponse> {
		let (at, amount) = self.at_and_amount(at, amount)?;
		let status = self
			.client
			.runtime_api()
			.can_transfer_from(at, asset, spender, from, to, amount)
			.map_err(runtime_error)?;
		Ok(explain(&status))
	}

	fn balance_at(
		&self,
		asset: RwaAssetId,
		who: AccountId,
		checkpoint: CheckpointId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<String>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let balance = self
			.client
			.runtime_api()
			.balance_at(at, asset, who, checkpoint)
			.map_err(runtime_error)?;
		Ok(balance.map(|b| b.to_string()))
	}

	fn distribution_entitlement(
		&self,
		distribution: DistributionId,
		holder: AccountId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<String>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let share = self
			.client
			.runtime_api()
			.distribution_entitlement(at, distribution, holder)
			.map_err(runtime_error)?;
		Ok(share.map(|s| s.to_string()))
	}
}

#[cfg(test)]
mod tests;
