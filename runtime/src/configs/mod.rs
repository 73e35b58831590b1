//! Configuration of every pallet in the runtime: system and consensus here, pallet-revive in
//! [`revive`], Mooring's own pallets in [`mooring`], the council in [`governance`], the
//! emergency brakes in [`brakes`].

mod brakes;
mod governance;
mod mooring;
mod revive;

pub use brakes::*;
pub use governance::*;
pub use mooring::*;
pub use revive::*;

use crate::*;
use frame_support::{
	dispatch::DispatchClass,
	traits::{
		tokens::imbalance::ResolveTo, AsEnsureOriginWithArg, ConstBool, ConstU128, ConstU16,
		ConstU32, ConstU64, ConstU8, FindAuthor, VariantCountOf,
	},
	weights::{
		constants::{
			BlockExecutionWeight, ExtrinsicBaseWeight, ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND,
		},
		ConstantMultiplier, Weight,
	},
	PalletId,
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureRoot, EnsureSigned,
};
use mooring_primitives::{deposit, GWEI};
use pallet_revive::{
	evm::{
		fees::{BlockRatioFee, Info as FeeInfo},
		runtime::EthExtra,
	},
	AccountId32Mapper,
};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_runtime::{traits::AccountIdConversion, ConsensusEngineId, Perbill};

/// Share of the block weight that normal (non-operational) extrinsics may fill.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);
/// Share of the block weight we expect `on_initialize` hooks to take.
const AVERAGE_ON_INITIALIZE_RATIO: Perbill = Perbill::from_percent(10);
/// A block may take two thirds of the slot to execute: the sequencer proposes within 2/3 of a
/// slot and followers must import it before the next one.
///
/// The proof-size component only bounds how much state a block may touch (a solochain ships no
/// proofs); pallet-revive checks that this bound keeps a block's storage writes within memory.
/// It was 4 MiB, which let a block hold only 256 balance transfers (each is charged 12 KiB of
/// worst-case proof): the binding limit of the whole chain (docs/benchmarks.md). At 32 MiB the
/// execution time binds first for transfers, as it should on a chain that ships no proofs.
const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(
	WEIGHT_REF_TIME_PER_SECOND * MILLISECS_PER_BLOCK / 1_000 * 2 / 3,
	32 * 1024 * 1024,
);

/// A block holds at most 5 MiB of extrinsics: the protocol limit the batcher and verifier are
/// built for (one block always fits one batch, posted in frames).
const MAXIMUM_BLOCK_LENGTH: u32 = mooring_primitives::bridge::MAX_BLOCK_LENGTH;

parameter_types! {
	pub const Version: RuntimeVersion = VERSION;
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |weights| {
			weights.base_extrinsic = ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |weights| {
			weights.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.for_class(DispatchClass::Operational, |weights| {
			weights.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			// Operational calls still fit when normal ones filled their share.
			weights.reserved = Some(MAXIMUM_BLOCK_WEIGHT - NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.avg_block_initialization(AVERAGE_ON_INITIALIZE_RATIO)
		.build_or_panic();
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAXIMUM_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_LENGTH
		})
		.build();
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	/// Calls paused by tx-pause or stopped by safe mode are refused (`CallFiltered`).
	type BaseCallFilter = CallFilter;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	/// Every new account gets an Ethereum address at once, so EVM contracts can reach it.
	type OnNewAccount = pallet_revive::AutoMapper<Runtime>;
	type OnKilledAccount = pallet_revive::AutoMapper<Runtime>;
	type SS58Prefix = ConstU16<42>;
	type MaxConsumers = ConstU32<16>;
	type SystemWeightInfo = frame_system::weights::SubstrateWeight<Runtime>;
	/// The node stores state in ParityDB; these are polkadot-sdk's reference figures for it
	/// (8 µs a read, 50 µs a write). The solochain default charges storage nothing at all.
	type DbWeight = ParityDbWeight;
	/// The extensions' weights with this runtime's `DbWeight` (the `()` default hard-codes
	/// RocksDB's, which made the nonce check alone cost 132 µs).
	type ExtensionsWeightInfo = frame_system::SubstrateExtensionsWeight<Runtime>;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ MILLISECS_PER_BLOCK / 2 }>;
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<32>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<32>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Runtime {
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Collects transaction fees, like opBNB's sequencer fee vault.
	pub const SequencerFeeVaultId: PalletId = PalletId(*b"mr/feevt");
	pub SequencerFeeVault: AccountId = SequencerFeeVaultId::get().into_account_truncating();
	/// Fee per byte of an extrinsic: 0.00001 gwei.
	pub const TransactionByteFee: Balance = GWEI / 100_000;
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ResolveTo<SequencerFeeVault, Balances>>;
	/// 100 wei per picosecond of execution: a native transfer costs about 0.00000002 BNB.
	type WeightToFee = BlockRatioFee<100, 1, Self, Balance>;
	/// The byte fee plus the L1 data fee of the transaction's length (`pallet_l1_fee`).
	type LengthToFee =
		pallet_l1_fee::LengthToFee<Runtime, ConstantMultiplier<Balance, TransactionByteFee>>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

/// The L1 data fee's parameters at genesis (docs/developer.md, "Fees and gas"): the base fee
/// weighs 2.5 and blobs nothing while batches go to BNB Chain as calldata, which BNB Chain (since
/// Pascal, with EIP-7623) prices at the floor of 40 gas per non-zero byte, 2.5 × 16; a
/// transaction's encoded bytes compress to [`L1_FEE_COMPRESSION_PPM`] millionths of their
/// length; a report may give a base fee from 0.01 to 100 gwei and a blob base fee up to 100
/// gwei, so a lying reporter can charge at most 100 gwei per L1 gas.
pub const L1_FEE_PARAMS: pallet_l1_fee::FeeParams = pallet_l1_fee::FeeParams {
	base_fee_scalar: 2_500_000,
	blob_base_fee_scalar: 0,
	compression_ppm: L1_FEE_COMPRESSION_PPM,
	min_base_fee: GWEI / 100,
	max_base_fee: 100 * GWEI,
	max_blob_base_fee: 100 * GWEI,
};

/// Compressed L1 bytes per encoded transaction byte, in millionths: the relayer's measured
/// 1,559 L1 gas per native transfer (docs/benchmarks.md, batch overhead included) is 97.4
/// calldata bytes for a 148-byte signed transfer (`runtime/tests/l1_fee.rs` checks the length).
pub const L1_FEE_COMPRESSION_PPM: u32 = 658_000;

impl pallet_l1_fee::Config for Runtime {
	type ReportOrigin = pallet_bridge::EnsureRelayer<Runtime>;
	type AdminOrigin = CouncilSuperMajority;
	/// BNB Chain's prices cannot move the fee more often than every ten blocks.
	type MinReportInterval = ConstU32<{ mooring_primitives::L1_PRICE_REPORT_INTERVAL }>;
	/// Ten minutes without a report.
	type StaleAfter = ConstU32<{ mooring_primitives::L1_PRICES_STALE_AFTER }>;
	type WeightInfo = pallet_l1_fee::weights::SubstrateWeight<Runtime>;
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Runtime {
	type Balance = Balance;
	type AssetId = u32;
	type AssetIdParameter = codec::Compact<u32>;
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = CouncilSuperMajority;
	type AssetDeposit = ConstU128<{ deposit(1, 210) }>;
	type AssetAccountDeposit = ConstU128<{ deposit(1, 16) }>;
	type MetadataDepositBase = ConstU128<{ deposit(1, 68) }>;
	type MetadataDepositPerByte = ConstU128<{ deposit(0, 1) }>;
	type ApprovalDeposit = ConstU128<{ deposit(1, 68) }>;
	type StringLimit = ConstU32<50>;
	type RemoveItemsLimit = ConstU32<1000>;
	type Holder = AssetsHolder;
	type WeightInfo = pallet_assets::weights::SubstrateWeight<Runtime>;
}

impl pallet_assets_holder::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeEvent = RuntimeEvent;
}

impl pallet_skip_feeless_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}
