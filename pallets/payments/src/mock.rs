//! Test runtime: balances, assets with holds, timestamp, transaction payment with the feeless
//! skip, a mock claim verifier and a mock regulated-asset check.

use crate as pallet_payments;
use crate::{FeeOracle, Moment};
use mooring_primitives::compliance::TransferCheck;
use mooring_primitives::identity::{
	ClaimAttributes, ClaimSubject, ClaimVerifier, DidId, IssuerPolicy, SchemaId,
};
use polkadot_sdk::{
	frame_support::{
		self, derive_impl,
		dispatch::{DispatchClass, DispatchInfo, Pays},
		parameter_types,
		traits::{
			tokens::imbalance::ResolveTo, AsEnsureOriginWithArg, ConstU128, ConstU64, ConstU8,
		},
		weights::{Weight, WeightToFee},
	},
	frame_system::{self, EnsureRoot, EnsureSigned},
	pallet_assets, pallet_assets_holder, pallet_balances, pallet_skip_feeless_payment,
	pallet_timestamp, pallet_transaction_payment,
	sp_runtime::{BuildStorage, DispatchError, DispatchResult},
};

pub type AccountId = u64;
pub type Balance = u128;
pub type AssetId = u32;
type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeTask,
		RuntimeHoldReason,
		RuntimeFreezeReason
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(3)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(4)]
	pub type SkipFeeless = pallet_skip_feeless_payment;
	#[runtime::pallet_index(5)]
	pub type Assets = pallet_assets;
	#[runtime::pallet_index(6)]
	pub type AssetsHolder = pallet_assets_holder;
	#[runtime::pallet_index(7)]
	pub type Payments = pallet_payments;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

impl pallet_timestamp::Config for Test {
	type Moment = Moment;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<1>;
	type WeightInfo = ();
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<1>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// One fee unit per microsecond of execution.
pub struct MicrosToFee;
impl WeightToFee for MicrosToFee {
	type Balance = Balance;
	fn weight_to_fee(weight: &Weight) -> Balance {
		(weight.ref_time() / 1_000_000) as Balance
	}
}

/// One fee unit per byte.
pub struct BytesToFee;
impl WeightToFee for BytesToFee {
	type Balance = Balance;
	fn weight_to_fee(weight: &Weight) -> Balance {
		weight.ref_time() as Balance
	}
}

parameter_types! {
	/// Where transaction fees and sponsored fees go.
	pub const FeeVault: AccountId = 999;
}

impl pallet_transaction_payment::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction =
		pallet_transaction_payment::FungibleAdapter<Balances, ResolveTo<FeeVault, Balances>>;
	type WeightToFee = MicrosToFee;
	type LengthToFee = BytesToFee;
	type FeeMultiplierUpdate = ();
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightInfo = ();
}

impl pallet_skip_feeless_payment::Config for Test {
	type RuntimeEvent = RuntimeEvent;
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Balance = Balance;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type Currency = Balances;
	type Holder = AssetsHolder;
}

impl pallet_assets_holder::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeEvent = RuntimeEvent;
}

/// Bytes a signed extrinsic adds around its call: address, signature and extensions.
pub const EXTRINSIC_OVERHEAD: u32 = 110;

/// The fee oracle the runtime uses too: pallet-transaction-payment's own fee formula, and its
/// stored fee credit to tell whether the signer was charged.
pub struct TransactionPaymentFees;
impl FeeOracle<Balance> for TransactionPaymentFees {
	fn fee(call_weight: Weight, call_len: u32) -> Balance {
		let info = DispatchInfo {
			call_weight,
			extension_weight: Weight::zero(),
			class: DispatchClass::Normal,
			pays_fee: Pays::Yes,
		};
		TransactionPayment::compute_fee(call_len + EXTRINSIC_OVERHEAD, &info, 0)
	}

	fn signer_was_charged() -> bool {
		TransactionPayment::remaining_txfee::<Balance>() > 0
	}
}

parameter_types! {
	/// Valid claims: (account, schema).
	pub static Claims: Vec<(AccountId, SchemaId)> = vec![];
	/// DIDs linked to accounts.
	pub static Dids: Vec<(AccountId, DidId)> = vec![];
	/// Assets the mock RWA check regulates.
	pub static RegulatedAssets: Vec<AssetId> = vec![];
	/// Accounts the mock RWA check refuses for regulated assets.
	pub static BlockedAccounts: Vec<AccountId> = vec![];
	/// How often the mock claim verifier was asked.
	pub static ClaimQueries: u32 = 0;
}

/// Claim verifier backed by [`Claims`] and [`Dids`].
pub struct MockClaims;
impl ClaimVerifier<AccountId> for MockClaims {
	fn valid_claims(
		subject: &ClaimSubject<AccountId>,
		schema: &SchemaId,
		issuers: IssuerPolicy<'_>,
		_now: u64,
	) -> Vec<ClaimAttributes> {
		ClaimQueries::mutate(|q| *q += 1);
		assert_eq!(issuers, IssuerPolicy::SchemaDefault);
		let ClaimSubject::Account(who) = subject else { return Vec::new() };
		Claims::get()
			.contains(&(*who, *schema))
			.then(|| ClaimAttributes { kyc_tier: 1, ..Default::default() })
			.into_iter()
			.collect()
	}

	fn did_of(account: &AccountId) -> Option<DidId> {
		Dids::get().into_iter().find(|(a, _)| a == account).map(|(_, did)| did)
	}

	fn claim_check_weight() -> Weight {
		MOCK_CLAIM_CHECK_WEIGHT
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_valid_claim(account: &AccountId, schema: &SchemaId, _attributes: ClaimAttributes) {
		Claims::mutate(|c| c.push((*account, *schema)));
	}
}

/// What the mock claim verifier says one claim check weighs.
pub const MOCK_CLAIM_CHECK_WEIGHT: Weight = Weight::from_parts(3_000_000, 300);
/// What the mock regulated-asset check says it weighs.
pub const MOCK_ASSET_CHECK_WEIGHT: Weight = Weight::from_parts(5_000_000, 500);

/// Error of the mock regulated-asset check.
pub const NOT_COMPLIANT: DispatchError = DispatchError::Other("mock RWA: transfer not compliant");

/// Regulated-asset check backed by [`RegulatedAssets`] and [`BlockedAccounts`].
pub struct MockAssetCompliance;
impl TransferCheck<AccountId, AssetId, Balance> for MockAssetCompliance {
	fn check_transfer(
		asset: &AssetId,
		from: &AccountId,
		to: &AccountId,
		_amount: Balance,
	) -> DispatchResult {
		let regulated = RegulatedAssets::get().contains(asset);
		let blocked = BlockedAccounts::get();
		if regulated && (blocked.contains(from) || blocked.contains(to)) {
			return Err(NOT_COMPLIANT);
		}
		Ok(())
	}

	fn check_weight() -> Weight {
		MOCK_ASSET_CHECK_WEIGHT
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn make_worst_case_compliant(asset: &AssetId, _: &AccountId, _: &AccountId) {
		RegulatedAssets::mutate(|r| r.push(*asset));
	}
}

parameter_types! {
	pub const DepositBase: Balance = 100;
	pub const DepositPerByte: Balance = 1;
	pub const MaxPayouts: u32 = 16;
	pub const MaxAssetPreferences: u32 = 4;
	pub const MaxSponsoredPerBlock: u32 = 3;
	/// A day, in ms.
	pub const EscrowClaimPeriod: u64 = 86_400_000;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId, AssetId> for MockBenchmarkHelper {
	fn create_asset(seed: u32) -> AssetId {
		use polkadot_sdk::frame_support::traits::fungibles::Inspect;
		let id = 1_000 + seed;
		if !Assets::asset_exists(id) {
			Assets::force_create(RuntimeOrigin::root(), id, 0, true, 1).unwrap();
		}
		id
	}

	fn set_time(now: Moment) {
		pallet_timestamp::Now::<Test>::put(now);
	}
}

impl pallet_payments::Config for Test {
	type Currency = Balances;
	type Assets = Assets;
	type AssetHolds = AssetsHolder;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Time = Timestamp;
	type ClaimVerifier = MockClaims;
	type AssetCompliance = MockAssetCompliance;
	type FeeOracle = TransactionPaymentFees;
	type FeeDestination = FeeVault;
	type ReserveOrigin = EnsureRoot<AccountId>;
	type DepositBase = DepositBase;
	type DepositPerByte = DepositPerByte;
	type MaxPayouts = MaxPayouts;
	type MaxAssetPreferences = MaxAssetPreferences;
	type MaxSponsoredPerBlock = MaxSponsoredPerBlock;
	type EscrowClaimPeriod = EscrowClaimPeriod;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
/// Holds only the stablecoin, no native token.
pub const STABLE_ONLY: AccountId = 5;
/// An account with nothing at all.
pub const NOBODY: AccountId = 6;

/// A sufficient stablecoin everybody holds.
pub const USD: AssetId = 7;
/// A second, regulated asset (an RWA).
pub const RWA: AssetId = 8;
/// A non-existent asset.
pub const NO_ASSET: AssetId = 99;

/// Native balance of ALICE, BOB, CHARLIE and DAVE at genesis.
pub const INITIAL: Balance = 1_000_000;
/// Stablecoin balance of everybody but NOBODY at genesis.
pub const INITIAL_USD: Balance = 1_000_000;
/// Time at genesis, Unix ms.
pub const T0: Moment = 1_000_000;

/// Genesis: funded accounts, USD (sufficient, min 1) and RWA (regulated, min 1), time T0,
/// and one reserved handle, `admin`.
pub fn new_test_ext() -> polkadot_sdk::sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, INITIAL), (BOB, INITIAL), (CHARLIE, INITIAL), (DAVE, INITIAL)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let holders = [ALICE, BOB, CHARLIE, DAVE, STABLE_ONLY];
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![(USD, ALICE, true, 1), (RWA, ALICE, true, 1)],
		metadata: vec![],
		accounts: holders
			.iter()
			.flat_map(|who| [(USD, *who, INITIAL_USD), (RWA, *who, INITIAL_USD)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_payments::GenesisConfig::<Test> {
		reserved_handles: vec![b"admin".to_vec()],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = polkadot_sdk::sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Timestamp::set_timestamp(T0);
		RegulatedAssets::set(vec![RWA]);
		BlockedAccounts::set(vec![]);
		Claims::set(vec![]);
		Dids::set(vec![]);
	});
	ext
}

/// Sets the time to `now` (Unix ms).
pub fn set_time(now: Moment) {
	pallet_timestamp::Now::<Test>::put(now);
}
