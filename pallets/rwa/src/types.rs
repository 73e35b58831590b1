//! Types of the RWA pallet: assets, holdings, compliance rules, restrictions, lifecycle records
//! and the explanation of a refused transfer.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use mooring_primitives::identity::{CountryCode, DidId, SchemaId};
use polkadot_sdk::{
	frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, PartialEqNoBound},
	sp_runtime::Permill,
};
use scale_info::TypeInfo;

/// Identifies an RWA asset (a bond, a fund share, ...) in this pallet's own ledger.
pub type RwaAssetId = u32;
/// Identifies a checkpoint of one asset; checkpoints of an asset are numbered from 0.
pub type CheckpointId = u32;
/// Identifies a distribution (coupon, dividend) across all assets.
pub type DistributionId = u32;
/// Unix time in milliseconds, as `pallet_timestamp` and the DID claims use it.
pub type Moment = u64;

/// ERC-1400 (ERC-1066 `0x5*`) transfer reason codes returned by `can_transfer`.
pub mod reason_code {
	/// Transfer failure: a rule refused it (see the refusal for which one).
	pub const TRANSFER_FAILURE: u8 = 0x50;
	/// Transfer success: the transfer would go through.
	pub const TRANSFER_SUCCESS: u8 = 0x51;
	/// The sender does not hold enough units.
	pub const INSUFFICIENT_BALANCE: u8 = 0x52;
	/// The spender's allowance is too small.
	pub const INSUFFICIENT_ALLOWANCE: u8 = 0x53;
	/// Transfers of the asset are halted (asset paused).
	pub const TRANSFERS_HALTED: u8 = 0x54;
	/// The units are locked (frozen part of a balance, lockup period, period volume limit).
	pub const FUNDS_LOCKED: u8 = 0x55;
	/// The sender may not send (frozen account, sender compliance conditions).
	pub const INVALID_SENDER: u8 = 0x56;
	/// The receiver may not receive (frozen account, receiver conditions, holder limits).
	pub const INVALID_RECEIVER: u8 = 0x57;
	/// The operator (agent or spender) is not allowed to act.
	pub const INVALID_OPERATOR: u8 = 0x58;
}

/// What an asset represents.
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
)]
pub enum AssetClass {
	/// A debt security paying coupons and its principal at maturity.
	Bond,
	/// A share of an investment fund.
	FundShare,
	/// Company equity.
	Equity,
	/// A share of real estate.
	RealEstate,
	/// A claim on a commodity.
	Commodity,
	/// A trade receivable or invoice.
	Receivable,
	/// Anything else.
	Other,
}

/// What a document attached to an asset is.
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
)]
pub enum DocumentKind {
	/// The prospectus or offering memorandum.
	Prospectus,
	/// The terms and conditions.
	Terms,
	/// A periodic report.
	Report,
	/// Any other document.
	Other,
}

/// A document of an asset: its kind and the hash of its off-chain content.
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
)]
pub struct Document {
	/// What the document is.
	pub kind: DocumentKind,
	/// blake2-256 (or sha-256, as the issuer states in the terms) of the document.
	pub hash: [u8; 32],
}

/// One thing an agent may do; [`AgentPermissions`] is a set of them.
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
)]
pub enum Permission {
	/// Issue new units (`issue`, `issue_batch`).
	Mint,
	/// Burn units from any holder (`redeem`, `redeem_batch`).
	Burn,
	/// Freeze and unfreeze accounts and parts of balances.
	Freeze,
	/// Move units between holders without their consent (`forced_transfer`).
	ForceTransfer,
	/// Move a lost wallet's units to a new wallet of the same DID (`recover`).
	Recover,
	/// Pause and unpause the asset.
	Pause,
	/// Change requirements, trusted issuers, restrictions and the DID blocklist; pause compliance.
	ManageCompliance,
	/// Take checkpoints, create and push distributions, open redemptions.
	ManageDistributions,
	/// Publish the NAV / price per unit (the oracle role).
	SetNav,
}

impl Permission {
	/// The bit of this permission in [`AgentPermissions`].
	pub fn bit(self) -> u16 {
		1 << (self as u16)
	}
}

/// A set of [`Permission`]s as bit flags (bit `i` is the `i`-th variant of [`Permission`]).
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
)]
pub struct AgentPermissions(pub u16);

impl AgentPermissions {
	/// Every permission.
	pub const ALL: AgentPermissions = AgentPermissions((1 << 9) - 1);

	/// The set holding exactly `permissions`.
	pub fn of(permissions: &[Permission]) -> Self {
		Self(permissions.iter().fold(0, |bits, p| bits | p.bit()))
	}

	/// Whether the set holds `permission`.
	pub fn has(&self, permission: Permission) -> bool {
		self.0 & permission.bit() != 0
	}

	/// Whether the set is empty.
	pub fn is_empty(&self) -> bool {
		self.0 == 0
	}

	/// Whether only known permission bits are set.
	pub fn is_valid(&self) -> bool {
		self.0 & !Self::ALL.0 == 0
	}
}

/// How an asset takes part in a principal/yield split.
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
)]
pub enum SplitRole {
	/// Not split, and not a leg of a split.
	None,
	/// A bond whose units can be split into the given principal and yield assets.
	Parent {
		/// The principal (P) asset.
		principal: RwaAssetId,
		/// The yield (Y) asset.
		yield_asset: RwaAssetId,
	},
	/// The principal leg of the given bond: redeems the principal at maturity.
	Principal(RwaAssetId),
	/// The yield leg of the given bond: receives the bond's distributions.
	Yield(RwaAssetId),
}

impl SplitRole {
	/// The bond whose compliance rules, agents and pause flag this asset follows, if it is a leg.
	pub fn parent(&self) -> Option<RwaAssetId> {
		match self {
			SplitRole::Principal(bond) | SplitRole::Yield(bond) => Some(*bond),
			_ => None,
		}
	}
}

/// An RWA asset.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct AssetDetails<AccountId, Balance> {
	/// The issuer: holds every agent permission and pays the asset deposit.
	pub owner: AccountId,
	/// What the asset represents.
	pub class: AssetClass,
	/// Decimal places of one whole unit.
	pub decimals: u8,
	/// Units in existence (the sum of all holdings, including the split vault).
	pub supply: Balance,
	/// Units that may ever exist at once, if capped.
	pub supply_cap: Option<Balance>,
	/// When the asset matures (Unix ms), if it does.
	pub maturity: Option<Moment>,
	/// Accounts with a non-zero balance, not counting the split vault.
	pub holders: u32,
	/// Whether holder-initiated movements are halted.
	pub paused: bool,
	/// Whether the requirements (claim conditions) are skipped; restrictions still apply.
	pub compliance_paused: bool,
	/// Number of checkpoints taken; the next checkpoint gets this id.
	pub checkpoints: CheckpointId,
	/// The asset's part in a principal/yield split.
	pub split: SplitRole,
	/// The deposit held from the owner for the asset and its metadata.
	pub deposit: Balance,
}

/// Name, symbol and documents of an asset.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(StringLimit, MaxDocuments))]
#[codec(mel_bound())]
pub struct AssetMetadata<StringLimit: Get<u32>, MaxDocuments: Get<u32>> {
	/// Human-readable name, e.g. "Mooring Green Bond 2030".
	pub name: BoundedVec<u8, StringLimit>,
	/// Ticker, e.g. "MGB30".
	pub symbol: BoundedVec<u8, StringLimit>,
	/// Prospectus, terms and other documents, by hash.
	pub documents: BoundedVec<Document, MaxDocuments>,
}

/// One account's position in one asset.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Holding<Balance> {
	/// Units held.
	pub balance: Balance,
	/// Units the holder may not move (partial freeze); at most `balance`.
	pub frozen: Balance,
	/// Whether the account may neither send nor receive.
	pub account_frozen: bool,
}

/// Which side of a transfer a condition looks at.
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
)]
pub enum Side {
	/// The account units leave.
	Sender,
	/// The account units arrive at.
	Receiver,
}

/// Whose claims a condition accepts.
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
)]
pub enum IssuerSource {
	/// The issuers governance trusts for the schema (`IssuerPolicy::SchemaDefault`).
	SchemaDefault,
	/// The asset's own trusted issuer list (`IssuerPolicy::Only`); no issuer if it is empty.
	AssetTrusted,
}

/// What a condition asks of an account.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCountries))]
#[codec(mel_bound())]
pub enum ConditionKind<MaxCountries: Get<u32>> {
	/// Holds a valid claim of the schema.
	HasClaim(SchemaId),
	/// Holds a valid claim of the schema with at least this KYC tier.
	KycTierAtLeast {
		/// The KYC schema.
		schema: SchemaId,
		/// The lowest accepted tier.
		tier: u8,
	},
	/// Holds a valid claim of the schema stating one of these jurisdictions.
	JurisdictionIn {
		/// The schema whose claims state the jurisdiction.
		schema: SchemaId,
		/// Accepted jurisdictions.
		countries: BoundedVec<CountryCode, MaxCountries>,
	},
	/// Holds a valid claim of the schema stating a jurisdiction, and it is none of these (a
	/// claim without a jurisdiction fails: an unknown jurisdiction cannot be cleared).
	JurisdictionNotIn {
		/// The schema whose claims state the jurisdiction.
		schema: SchemaId,
		/// Refused jurisdictions.
		countries: BoundedVec<CountryCode, MaxCountries>,
	},
	/// Holds a valid claim of the schema marking an accredited investor.
	Accredited(SchemaId),
	/// Holds no valid claim of the schema (e.g. a sanctions or blocklist schema).
	NoClaim(SchemaId),
	/// The account's DID is not on the asset's agent-managed blocklist (accounts without a DID
	/// pass this condition; pair it with a claim condition).
	NotBlocked,
}

/// A condition on one side of a transfer.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCountries))]
#[codec(mel_bound())]
pub struct Condition<MaxCountries: Get<u32>> {
	/// Which account the condition looks at.
	pub side: Side,
	/// What it asks.
	pub kind: ConditionKind<MaxCountries>,
	/// Whose claims count.
	pub issuers: IssuerSource,
}

/// A requirement: it is met when ALL its conditions hold. A transfer passes compliance when ANY
/// requirement of the asset is met; a requirement without conditions admits every transfer.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxConditions, MaxCountries))]
#[codec(mel_bound())]
pub struct Requirement<MaxConditions: Get<u32>, MaxCountries: Get<u32>> {
	/// The conditions, on the sender and on the receiver.
	pub conditions: BoundedVec<Condition<MaxCountries>, MaxConditions>,
}

/// A statistics-based restriction of an asset (checked even while compliance is paused).
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum Restriction<Balance> {
	/// At most this many accounts hold units.
	MaxHolders(u32),
	/// No account holds more than this many units.
	MaxBalancePerHolder(Balance),
	/// No account holds more than this share of the supply.
	MaxOwnership(Permill),
	/// Holders may not transfer before this time (Unix ms); issuance is allowed.
	LockupUntil(Moment),
	/// A sender moves at most `max` units per period of `period` ms (periods start at multiples
	/// of `period` since the Unix epoch).
	TransferVolume {
		/// Period length in milliseconds; not zero.
		period: Moment,
		/// Units a sender may transfer per period.
		max: Balance,
	},
}

/// A stored configuration item together with the deposit held for it.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Deposited<Value, AccountId, Balance> {
	/// The item.
	pub value: Value,
	/// Who paid the deposit.
	pub depositor: AccountId,
	/// The deposit held.
	pub deposit: Balance,
}

/// What a checkpoint recorded when it was taken.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct CheckpointInfo<Balance> {
	/// When it was taken (Unix ms).
	pub at: Moment,
	/// The asset's supply at that moment.
	pub supply: Balance,
	/// For a split bond: the checkpoint of its yield asset taken at the same moment.
	pub yield_checkpoint: Option<CheckpointId>,
}

/// What a distribution or redemption pays in.
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
)]
pub enum PaymentAsset<AssetId> {
	/// The native currency.
	Native,
	/// A `pallet-assets` asset (e.g. a stablecoin).
	Asset(AssetId),
}

/// A coupon or dividend: `amount` of a payment asset shared pro rata among the holders at a
/// checkpoint.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Distribution<AccountId, Balance, PaymentAssetId> {
	/// The asset whose holders are paid.
	pub asset: RwaAssetId,
	/// The checkpoint whose balances set the shares.
	pub checkpoint: CheckpointId,
	/// What is paid.
	pub payment: PaymentAsset<PaymentAssetId>,
	/// Total amount distributed.
	pub amount: Balance,
	/// Not yet paid out (includes the rounding dust).
	pub remaining: Balance,
	/// The supply at the checkpoint: the denominator of every share.
	pub supply: Balance,
	/// Who funded it; gets the unclaimed remainder and the dust back.
	pub funder: AccountId,
	/// Claims and pushes stop at this time (Unix ms); after it the funder reclaims.
	pub expires_at: Moment,
	/// The deposit held from the funder for the record.
	pub deposit: Balance,
}

/// Redemption of an asset at maturity: holders burn units for `price` per whole unit.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Redemption<AccountId, Balance, PaymentAssetId> {
	/// What is paid.
	pub payment: PaymentAsset<PaymentAssetId>,
	/// Paid per whole unit (10^decimals base units), in the payment asset's base units.
	pub price: Balance,
	/// Funded and not yet paid out.
	pub remaining: Balance,
	/// Who funded it; gets the remainder back when it is closed.
	pub funder: AccountId,
	/// From this time (Unix ms) the funder or an agent may close it.
	pub expires_at: Moment,
	/// The deposit held from the funder for the record.
	pub deposit: Balance,
}

/// Net asset value (price per whole unit) published by an agent with [`Permission::SetNav`].
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Nav<Balance, PaymentAssetId> {
	/// Price of one whole unit in base units of `currency`.
	pub price: Balance,
	/// What the price is quoted in.
	pub currency: PaymentAsset<PaymentAssetId>,
	/// When the oracle observed the price (Unix ms).
	pub observed_at: Moment,
	/// When it was published on chain (Unix ms).
	pub published_at: Moment,
}

/// How units move; each kind selects which checks of the single compliance function apply.
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
)]
pub enum Movement {
	/// A holder (or its approved spender) sends units: every check.
	Transfer,
	/// An agent issues units to a receiver.
	Issue,
	/// An agent burns units from a holder (controller burn).
	AgentRedeem,
	/// A holder burns units for the redemption price at maturity.
	HolderRedeem,
	/// An agent moves units without the sender's consent.
	Forced,
	/// An agent moves a lost wallet's units to a new wallet of the same DID.
	Recovery,
	/// A holder locks bond units in the split vault.
	SplitLock,
	/// The split vault returns bond units to a holder who recombined P and Y.
	SplitUnlock,
	/// P or Y units minted to a holder who split.
	SplitMint,
	/// P or Y units burned from a holder who recombines.
	SplitBurn,
}

/// Which checks a movement runs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct MovementChecks {
	/// Refused while the asset is paused.
	pub pause: bool,
	/// The sender's account freeze and partial freeze apply.
	pub sender_freezes: bool,
	/// Lockup and per-period volume restrictions apply.
	pub sender_restrictions: bool,
	/// The supply cap applies.
	pub supply_cap: bool,
	/// Sender conditions of the requirements apply.
	pub sender_conditions: bool,
	/// Only the sender conditions that forbid something (`NoClaim`, `NotBlocked`) apply.
	pub sender_prohibitions: bool,
	/// Receiver conditions of the requirements apply.
	pub receiver_conditions: bool,
}

impl Movement {
	/// The checks this movement runs. Receiver freezes and receiver restrictions (holder count,
	/// balance and ownership limits) apply to every movement that has a receiver.
	pub fn checks(&self) -> MovementChecks {
		let none = MovementChecks {
			pause: false,
			sender_freezes: false,
			sender_restrictions: false,
			supply_cap: false,
			sender_conditions: false,
			sender_prohibitions: false,
			receiver_conditions: false,
		};
		match self {
			Movement::Transfer => MovementChecks {
				pause: true,
				sender_freezes: true,
				sender_restrictions: true,
				sender_conditions: true,
				receiver_conditions: true,
				..none
			},
			Movement::Issue => {
				MovementChecks { pause: true, supply_cap: true, receiver_conditions: true, ..none }
			},
			Movement::AgentRedeem => none,
			// Redeeming at maturity is being paid back: a holder whose claims lapsed keeps that
			// right, but a sanctioned or blocked one does not.
			Movement::HolderRedeem => MovementChecks {
				pause: true,
				sender_freezes: true,
				sender_prohibitions: true,
				..none
			},
			Movement::SplitLock => MovementChecks {
				pause: true,
				sender_freezes: true,
				sender_conditions: true,
				..none
			},
			Movement::Forced | Movement::Recovery => {
				MovementChecks { receiver_conditions: true, ..none }
			},
			Movement::SplitUnlock | Movement::SplitMint => {
				MovementChecks { pause: true, receiver_conditions: true, ..none }
			},
			Movement::SplitBurn => MovementChecks { pause: true, sender_freezes: true, ..none },
		}
	}
}

/// Why a condition did not hold.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum ConditionFailure {
	/// No valid claim of the schema from a trusted issuer.
	MissingClaim(SchemaId),
	/// The KYC tier of the claim is below the required one.
	KycTierTooLow {
		/// The KYC schema.
		schema: SchemaId,
		/// Required tier.
		required: u8,
		/// Tier of the claim held.
		actual: u8,
	},
	/// The claimed jurisdiction is not accepted (`None`: the claim states none).
	JurisdictionNotAllowed {
		/// The schema whose claim states the jurisdiction.
		schema: SchemaId,
		/// The jurisdiction claimed.
		actual: Option<CountryCode>,
	},
	/// The claim does not mark an accredited investor.
	NotAccredited(SchemaId),
	/// A valid claim of a blocking schema exists.
	BlockingClaim(SchemaId),
	/// The account's DID is on the asset's blocklist.
	Blocked(DidId),
}

/// The first failing condition of one requirement.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct RequirementFailure {
	/// Index of the requirement in the asset's list.
	pub requirement: u32,
	/// Index of the failing condition within the requirement.
	pub condition: u32,
	/// Which account failed it.
	pub side: Side,
	/// Why it failed.
	pub failure: ConditionFailure,
}

/// Why a movement of units is refused.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum TransferRefusal<Balance> {
	/// The asset does not exist.
	UnknownAsset,
	/// The amount is zero: no transfer moves nothing.
	ZeroAmount,
	/// The asset is paused.
	AssetPaused,
	/// The sender holds fewer units than the amount.
	InsufficientBalance,
	/// Too many of the sender's units are frozen: `frozen` of them may not move.
	FundsFrozen {
		/// Frozen units of the sender.
		frozen: Balance,
	},
	/// The sender's account is frozen.
	SenderFrozen,
	/// The receiver's account is frozen.
	ReceiverFrozen,
	/// The sender may not send (the split vault, outside splits).
	InvalidSender,
	/// The receiver is not a valid destination (the split vault, or the sender itself).
	InvalidReceiver,
	/// The spender's allowance is too small.
	InsufficientAllowance,
	/// The issuance would exceed the supply cap.
	SupplyCapExceeded,
	/// The restriction at `index` of the asset's list refuses the movement.
	Restricted {
		/// Index in the asset's restriction list.
		index: u32,
		/// The restriction.
		restriction: Restriction<Balance>,
	},
	/// The asset has no requirement, so compliance admits no transfer.
	NoRequirements,
	/// No requirement is met; for each, its first failing condition.
	NotCompliant(Vec<RequirementFailure>),
	/// The spender has no allowance from the holder: it is no operator of its units.
	NotApproved,
}

impl<Balance> TransferRefusal<Balance> {
	/// The ERC-1400 reason code of the refusal.
	pub fn code(&self) -> u8 {
		use reason_code::*;
		match self {
			Self::UnknownAsset
			| Self::ZeroAmount
			| Self::SupplyCapExceeded
			| Self::NoRequirements => TRANSFER_FAILURE,
			Self::AssetPaused => TRANSFERS_HALTED,
			Self::InsufficientBalance => INSUFFICIENT_BALANCE,
			Self::FundsFrozen { .. } => FUNDS_LOCKED,
			Self::SenderFrozen | Self::InvalidSender => INVALID_SENDER,
			Self::ReceiverFrozen | Self::InvalidReceiver => INVALID_RECEIVER,
			Self::InsufficientAllowance => INSUFFICIENT_ALLOWANCE,
			Self::NotApproved => INVALID_OPERATOR,
			Self::Restricted { restriction, .. } => match restriction {
				Restriction::LockupUntil(_) | Restriction::TransferVolume { .. } => FUNDS_LOCKED,
				_ => INVALID_RECEIVER,
			},
			Self::NotCompliant(failures) => {
				let all_on = |side| failures.iter().all(|f| f.side == side);
				if all_on(Side::Sender) {
					INVALID_SENDER
				} else if all_on(Side::Receiver) {
					INVALID_RECEIVER
				} else {
					TRANSFER_FAILURE
				}
			},
		}
	}
}

/// The answer of `can_transfer`: an ERC-1400 code, and the refusal unless it is `0x51`.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct TransferStatus<Balance> {
	/// ERC-1400 reason code (see [`reason_code`]).
	pub code: u8,
	/// Why the transfer would be refused; `None` when it would succeed.
	pub refusal: Option<TransferRefusal<Balance>>,
}

impl<Balance> TransferStatus<Balance> {
	/// The status of a transfer that would succeed.
	pub fn success() -> Self {
		Self { code: reason_code::TRANSFER_SUCCESS, refusal: None }
	}

	/// The status of a refused transfer.
	pub fn refused(refusal: TransferRefusal<Balance>) -> Self {
		Self { code: refusal.code(), refusal: Some(refusal) }
	}

	/// Whether the transfer would succeed.
	pub fn is_success(&self) -> bool {
		self.refusal.is_none()
	}
}

/// The compliance work a movement did, for the weight actually charged.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct ComplianceCost {
	/// Requirements of the asset.
	pub requirements: u32,
	/// Conditions across all its requirements.
	pub conditions: u32,
}

impl ComplianceCost {
	/// The most work a movement can do: every requirement and condition an asset may have.
	pub fn worst<T: crate::Config>() -> Self {
		Self { requirements: T::MaxRequirements::get(), conditions: T::MaxConditions::get() }
	}
}
