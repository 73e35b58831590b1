//! Tests of the RPC: the JSON explanation of every refusal, and the methods over a mock client.

use super::*;
use pallet_rwa::{ConditionFailure, RequirementFailure};
use polkadot_sdk::{
	sp_api, sp_blockchain,
	sp_runtime::{generic, traits::BlakeTwo256, OpaqueExtrinsic, Permill},
};
use serde_json::json;

type Header = generic::Header<u32, BlakeTwo256>;
type Block = generic::Block<Header, OpaqueExtrinsic>;
type Hash = <Block as BlockT>::Hash;
type AccountId = u64;
type Balance = u128;

const KYC: [u8; 32] = [1; 32];

/// A runtime that answers from fixed rules.
#[derive(Clone, Default)]
struct MockRuntime;

/// A client serving [`MockRuntime`] at every block.
#[derive(Clone, Default)]
struct MockClient;

impl sp_api::ProvideRuntimeApi<Block> for MockClient {
	type Api = MockRuntime;

	fn runtime_api(&self) -> sp_api::ApiRef<'_, Self::Api> {
		MockRuntime.into()
	}
}

/// The mock runtime's `can_transfer`: asset 0 only, at most 100 units, receiver 9 fails its
/// KYC tier, no transfer to oneself.
fn mock_can_transfer(
	asset: RwaAssetId,
	from: AccountId,
	to: AccountId,
	amount: Balance,
) -> TransferStatus<Balance> {
	if asset != 0 {
		TransferStatus::refused(TransferRefusal::UnknownAsset)
	} else if amount > 100 {
		TransferStatus::refused(TransferRefusal::InsufficientBalance)
	} else if to == 9 {
		TransferStatus::refused(TransferRefusal::NotCompliant(vec![RequirementFailure {
			requirement: 0,
			condition: 1,
			side: Side::Receiver,
			failure: ConditionFailure::KycTierTooLow { schema: KYC, required: 2, actual: 1 },
		}]))
	} else if from == to {
		TransferStatus::refused(TransferRefusal::InvalidReceiver)
	} else {
		TransferStatus::success()
	}
}

sp_api::mock_impl_runtime_apis! {
	impl RwaRuntimeApi<Block, AccountId, Balance> for MockRuntime {
		fn can_transfer(
			asset: RwaAssetId,
			from: AccountId,
			to: AccountId,
			amount: Balance,
		) -> TransferStatus<Balance> {
			mock_can_transfer(asset, from, to, amount)
		}

		fn can_transfer_from(
			asset: RwaAssetId,
			spender: AccountId,
			from: AccountId,
			to: AccountId,
			amount: Balance,
		) -> TransferStatus<Balance> {
			match spender {
				7 => TransferStatus::refused(TransferRefusal::NotApproved),
				8 => TransferStatus::refused(TransferRefusal::InsufficientAllowance),
				_ => mock_can_transfer(asset, from, to, amount),
			}
		}

		fn balance_at(asset: RwaAssetId, _who: AccountId, checkpoint: CheckpointId) -> Option<Balance> {
			(asset == 0 && checkpoint == 0).then_some(42)
		}

		fn distribution_entitlement(distribution: DistributionId, _holder: AccountId) -> Option<Balance> {
			(distribution == 1).then_some(u128::MAX)
		}
	}
}

impl sp_blockchain::HeaderBackend<Block> for MockClient {
	fn header(&self, _hash: Hash) -> sp_blockchain::Result<Option<Header>> {
		Ok(None)
	}

	fn info(&self) -> sp_blockchain::Info<Block> {
		sp_blockchain::Info {
			best_hash: Default::default(),
			best_number: 0,
			genesis_hash: Default::default(),
			finalized_hash: Default::default(),
			finalized_number: 0,
			finalized_state: None,
			number_leaves: 1,
			block_gap: None,
		}
	}

	fn status(&self, _hash: Hash) -> sp_blockchain::Result<sp_blockchain::BlockStatus> {
		Ok(sp_blockchain::BlockStatus::InChain)
	}

	fn number(&self, _hash: Hash) -> sp_blockchain::Result<Option<u32>> {
		Ok(Some(0))
	}

	fn hash(&self, _number: u32) -> sp_blockchain::Result<Option<Hash>> {
		Ok(Some(Default::default()))
	}
}

/// The RPC module over the mock client.
fn module() -> jsonrpsee::RpcModule<Rwa<MockClient, Block, Balance>> {
	Rwa::<MockClient, Block, Balance>::new(Arc::new(MockClient)).into_rpc()
}

#[tokio::test]
async fn can_transfer_returns_success() {
	let response: CanTransferResponse =
		module().call("rwa_canTransfer", (0u32, 1u64, 2u64, 10u64, None::<Hash>)).await.unwrap();
	assert!(response.ok);
	assert_eq!(response.code, "0x51");
	assert_eq!(response.code_name, "TransferSuccess");
	assert_eq!(response.reason, None);
}

#[tokio::test]
async fn can_transfer_explains_the_failing_condition() {
	let response: serde_json::Value =
		module().call("rwa_canTransfer", (0u32, 1u64, 9u64, "0x0a", None::<Hash>)).await.unwrap();
	assert_eq!(
		response,
		json!({
			"ok": false,
			"code": "0x57",
			"codeName": "InvalidReceiver",
			"reason": "NotCompliant",
			"message": "No compliance requirement is met: requirement 0: the receiver has KYC tier 1, tier 2 is required.",
			"requirements": [{
				"requirement": 0,
				"condition": 1,
				"side": "receiver",
				"failure": "KycTierTooLow",
				"detail": "the receiver has KYC tier 1, tier 2 is required",
			}],
			"restriction": null,
		})
	);
}

#[tokio::test]
async fn can_transfer_maps_codes_and_rejects_bad_amounts() {
	let call = |asset: u32, amount: serde_json::Value| async move {
		module()
			.call::<_, CanTransferResponse>(
				"rwa_canTransfer",
				(asset, 1u64, 2u64, amount, None::<Hash>),
			)
			.await
	};
	let short = call(0, json!(101)).await.unwrap();
	assert_eq!(
		(short.code.as_str(), short.reason.as_deref()),
		("0x52", Some("InsufficientBalance"))
	);
	let unknown = call(7, json!(1)).await.unwrap();
	assert_eq!((unknown.code.as_str(), unknown.reason.as_deref()), ("0x50", Some("UnknownAsset")));
	// A negative amount is not a balance.
	assert!(call(0, json!(-1)).await.is_err());
}

#[tokio::test]
async fn balance_and_entitlement_come_back_as_decimal_strings() {
	let module = module();
	let at: Option<String> =
		module.call("rwa_balanceAt", (0u32, 1u64, 0u32, None::<Hash>)).await.unwrap();
	assert_eq!(at.as_deref(), Some("42"));
	let missing: Option<String> =
		module.call("rwa_balanceAt", (0u32, 1u64, 5u32, None::<Hash>)).await.unwrap();
	assert_eq!(missing, None);
	let share: Option<String> =
		module.call("rwa_distributionEntitlement", (1u32, 1u64, None::<Hash>)).await.unwrap();
	assert_eq!(share, Some(u128::MAX.to_string()));
}

#[test]
fn explain_covers_every_refusal() {
	let cases: Vec<(TransferRefusal<Balance>, &str, &str)> = vec![
		(TransferRefusal::UnknownAsset, "0x50", "UnknownAsset"),
		(TransferRefusal::ZeroAmount, "0x50", "ZeroAmount"),
		(TransferRefusal::AssetPaused, "0x54", "AssetPaused"),
		(TransferRefusal::InsufficientBalance, "0x52", "InsufficientBalance"),
		(TransferRefusal::FundsFrozen { frozen: 7 }, "0x55", "FundsFrozen"),
		(TransferRefusal::SenderFrozen, "0x56", "SenderFrozen"),
		(TransferRefusal::ReceiverFrozen, "0x57", "ReceiverFrozen"),
		(TransferRefusal::InvalidSender, "0x56", "InvalidSender"),
		(TransferRefusal::InvalidReceiver, "0x57", "InvalidReceiver"),
		(TransferRefusal::InsufficientAllowance, "0x53", "InsufficientAllowance"),
		(TransferRefusal::NotApproved, "0x58", "NotApproved"),
		(TransferRefusal::SupplyCapExceeded, "0x50", "SupplyCapExceeded"),
		(TransferRefusal::NoRequirements, "0x50", "NoRequirements"),
		(
			TransferRefusal::Restricted { index: 2, restriction: Restriction::LockupUntil(5) },
			"0x55",
			"Restricted",
		),
		(
			TransferRefusal::Restricted { index: 0, restriction: Restriction::MaxHolders(3) },
			"0x57",
			"Restricted",
		),
	];
	for (refusal, code, reason) in cases {
		let response = explain(&TransferStatus::refused(refusal));
		assert!(!response.ok);
		assert_eq!(response.code, code, "{reason}");
		assert_eq!(response.reason.as_deref(), Some(reason));
		assert!(!response.message.unwrap().is_empty());
	}
	let frozen =
		explain(&TransferStatus::<Balance>::refused(TransferRefusal::FundsFrozen { frozen: 7 }));
	assert_eq!(frozen.code_name, "FundsLocked");
	assert_eq!(frozen.message.as_deref(), Some("7 of the sender's units are frozen."));
}

#[test]
fn explain_names_the_restriction() {
	let status = TransferStatus::<Balance>::refused(TransferRefusal::Restricted {
		index: 1,
		restriction: Restriction::MaxOwnership(Permill::from_parts(125_000)),
	});
	let response = explain(&status);
	assert_eq!(
		response.restriction,
		Some(RestrictionJson {
			index: 1,
			kind: "MaxOwnership".into(),
			detail: "at most 12.5000% of the supply per holder".into(),
		})
	);
	let volume = explain(&TransferStatus::<Balance>::refused(TransferRefusal::Restricted {
		index: 0,
		restriction: Restriction::TransferVolume { period: 1_000, max: 9 },
	}));
	assert_eq!(volume.restriction.unwrap().detail, "at most 9 units sent per 1000 ms");
}

#[test]
fn explain_describes_each_condition_failure() {
	let failure =
		|side, failure| RequirementFailure { requirement: 3, condition: 0, side, failure };
	let status = TransferStatus::<Balance>::refused(TransferRefusal::NotCompliant(vec![
		failure(Side::Sender, ConditionFailure::MissingClaim([0xab; 32])),
		failure(
			Side::Receiver,
			ConditionFailure::JurisdictionNotAllowed { schema: KYC, actual: Some(*b"US") },
		),
		failure(
			Side::Receiver,
			ConditionFailure::JurisdictionNotAllowed { schema: KYC, actual: None },
		),
		failure(Side::Receiver, ConditionFailure::NotAccredited(KYC)),
		failure(Side::Sender, ConditionFailure::BlockingClaim(KYC)),
		failure(Side::Sender, ConditionFailure::Blocked([2; 32])),
	]));
	let response = explain(&status);
	assert_eq!(response.code, "0x50");
	let details: Vec<_> = response.requirements.iter().map(|r| r.detail.as_str()).collect();
	assert!(details[0].starts_with("the sender has no valid claim of schema 0xabab"));
	assert_eq!(details[1], "the jurisdiction of the receiver (US) is not allowed");
	assert_eq!(details[2], "the claim of the receiver states no jurisdiction");
	assert_eq!(details[3], "the receiver is not an accredited investor");
	assert!(details[4].starts_with("the sender holds a blocking claim"));
	assert!(details[5].starts_with("the DID of the sender (0x0202"));
	let tags: Vec<_> = response.requirements.iter().map(|r| r.failure.as_str()).collect();
	assert_eq!(
		tags,
		[
			"MissingClaim",
			"JurisdictionNotAllowed",
			"JurisdictionNotAllowed",
			"NotAccredited",
			"BlockingClaim",
			"Blocked"
		]
	);
}

#[tokio::test]
async fn can_transfer_from_answers_the_operator_codes() {
	let module = module();
	let call = |spender: u64| {
		module.call::<_, CanTransferResponse>(
			"rwa_canTransferFrom",
			(0u32, spender, 1u64, 2u64, 10u64, None::<Hash>),
		)
	};
	let not_approved = call(7).await.unwrap();
	assert_eq!(
		(not_approved.code.as_str(), not_approved.code_name.as_str()),
		("0x58", "InvalidOperator")
	);
	assert_eq!(not_approved.reason.as_deref(), Some("NotApproved"));
	let too_little = call(8).await.unwrap();
	assert_eq!(too_little.code, "0x53");
	assert!(call(3).await.unwrap().ok);
}
