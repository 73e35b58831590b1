//! Configuration of every pallet in the runtime.

use crate::*;
use frame_support::{
	dispatch::DispatchClass,
	traits::{
		tokens::imbalance::ResolveTo, AsEnsureOriginWithArg, ConstBool, ConstU128, ConstU16,
		ConstU32, ConstU64, ConstU8, FindAuthor, VariantCountOf,
	},
	weights::{
		constants::{BlockExecutionWeight, ExtrinsicBaseWeight, WEIGHT_REF_TIME_PER_SECOND},
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
const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(
	WEIGHT_REF_TIME_PER_SECOND * MILLISECS_PER_BLOCK / 1_000 * 2 / 3,
	4 * 1024 * 1024,
);

/// A block holds at most 5 MiB of extrinsics.
const MAXIMUM_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

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
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

#[derive_impl(pallet_sudo::config_preludes::TestDefaultConfig)]
impl pallet_sudo::Config for Runtime {
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Runtime {
	type Balance = Balance;
	type AssetId = u32;
	type AssetIdParameter = codec::Compact<u32>;
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type AssetDeposit = ConstU128<{ deposit(1, 210) }>;
	type AssetAccountDeposit = ConstU128<{ deposit(1, 16) }>;
	type MetadataDepositBase = ConstU128<{ deposit(1, 68) }>;
	type MetadataDepositPerByte = ConstU128<{ deposit(0, 1) }>;
	type ApprovalDeposit = ConstU128<{ deposit(1, 68) }>;
	type StringLimit = ConstU32<50>;
	type RemoveItemsLimit = ConstU32<1000>;
	type WeightInfo = pallet_assets::weights::SubstrateWeight<Runtime>;
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}

/// The transaction extensions pallet-revive attaches to an Ethereum transaction.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct EthExtraImpl;

impl EthExtra for EthExtraImpl {
	type Config = Runtime;
	type ExtensionV0 = TxExtension;
	type ExtensionOtherVersions = sp_runtime::traits::InvalidVersion;

	fn get_eth_extension(nonce: u32, tip: Balance) -> Self::ExtensionV0 {
		(
			frame_system::CheckNonZeroSender::<Runtime>::new(),
			frame_system::CheckSpecVersion::<Runtime>::new(),
			frame_system::CheckTxVersion::<Runtime>::new(),
			frame_system::CheckGenesis::<Runtime>::new(),
			frame_system::CheckMortality::from(sp_runtime::generic::Era::Immortal),
			frame_system::CheckNonce::<Runtime>::from(nonce),
			frame_system::CheckWeight::<Runtime>::new(),
			pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(tip),
			pallet_revive::evm::tx_extension::SetOrigin::<Runtime>::new_from_eth_transaction(),
			frame_system::WeightReclaim::<Runtime>::new(),
		)
	}
}

/// The account of the sequencer that authored the current block (EVM `block.coinbase`).
pub struct AuraAuthorAccount;

impl FindAuthor<AccountId> for AuraAuthorAccount {
	fn find_author<'a, I>(digests: I) -> Option<AccountId>
	where
		I: 'a + IntoIterator<Item = (ConsensusEngineId, &'a [u8])>,
	{
		let index = <Aura as FindAuthor<u32>>::find_author(digests)?;
		let authority = pallet_aura::Authorities::<Runtime>::get().get(index as usize)?.clone();
		let public: [u8; 32] = sp_core::crypto::ByteArray::as_slice(&authority).try_into().ok()?;
		Some(AccountId::from(public))
	}
}

parameter_types! {
	pub const ReviveDepositPerItem: Balance = deposit(1, 0);
	pub const ReviveDepositPerChildTrieItem: Balance = deposit(1, 0) / 100;
	pub const ReviveDepositPerByte: Balance = deposit(0, 1);
	pub CodeHashLockupDepositPercent: Perbill = Perbill::from_percent(30);
}

#[derive_impl(pallet_revive::config_preludes::TestDefaultConfig)]
impl pallet_revive::Config for Runtime {
	type Time = Timestamp;
	type Balance = Balance;
	type Currency = Balances;
	type AddressMapper = AccountId32Mapper<Self>;
	type ChainId = ConstU64<CHAIN_ID>;
	/// Balances have 18 decimals, so one unit of balance is one wei.
	type NativeToEthRatio = ConstU32<1>;
	/// Gas price = 10^8 wei (0.1 gwei, BNB Chain's usual price), which puts gas figures close
	/// to Ethereum's (an ERC-20 transfer estimates at about 100k gas). It only splits the fee
	/// into gas × price; the fee itself comes from weight, length and storage deposit.
	type GasScale = ConstU32<100_000_000>;
	type DepositPerItem = ReviveDepositPerItem;
	type DepositPerChildTrieItem = ReviveDepositPerChildTrieItem;
	type DepositPerByte = ReviveDepositPerByte;
	type CodeHashLockupDepositPercent = CodeHashLockupDepositPercent;
	type UploadOrigin = EnsureSigned<Self::AccountId>;
	type InstantiateOrigin = EnsureSigned<Self::AccountId>;
	type AllowEVMBytecode = ConstBool<true>;
	type FeeInfo = FeeInfo<Address, Signature, EthExtraImpl>;
	type FindAuthor = AuraAuthorAccount;
	type DebugEnabled = ConstBool<false>;
	type AutoMap = ConstBool<true>;
	/// Mooring has no parachain validators ("PVF"); this is the memory a node importing a block
	/// may spend on its storage writes and events in the worst case that block weights allow
	/// (about 450 MB with 0.5 s of normal-class weight), checked by pallet-revive's
	/// integrity test. Sequencer and follower hardware (8 GiB or more) holds it.
	type PVFMemory = ConstU32<{ 1536 * 1024 * 1024 }>;
	type WeightInfo = pallet_revive::weights::SubstrateWeight<Self>;
}
