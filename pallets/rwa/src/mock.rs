//! Test runtime: system, timestamp, balances (native), assets (payment stablecoin), utility
//! (batch wrappers) and the RWA pallet with a mock claim verifier.

use crate as pallet_rwa;
use core::cell::RefCell;
use mooring_primitives::identity::{
	ClaimAttributes, ClaimSubject, ClaimVerifier, CountryCode, DidId, IssuerPolicy, SchemaId,
};
use polkadot_sdk::{
	frame_support::{
		construct_runtime, derive_impl, parameter_types,
		traits::{AsEnsureOriginWithArg, ConstU32, ConstU64},
		weights::Weight,
		PalletId,
	},
	frame_system::{self, EnsureRoot, EnsureSigned},
	pallet_assets, pallet_balances, pallet_timestamp, pallet_utility, sp_io,
	sp_runtime::BuildStorage,
};
use std::collections::{BTreeMap, BTreeSet};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;

construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		PaymentAssets: pallet_assets,
		Utility: pallet_utility,
		Rwa: pallet_rwa,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<1>;
	type WeightInfo = ();
}

/// Existential deposit of the native currency (the float of native pots).
pub const ED: Balance = 5;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type ExistentialDeposit = ConstU64<ED>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
}

impl pallet_utility::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = ();
}

parameter_types! {
	pub const RwaPalletId: PalletId = PalletId(*b"mo/rwa00");
}

/// Asset deposit.
pub const ASSET_DEPOSIT: Balance = 100;
/// Base deposit of other items.
pub const DEPOSIT_BASE: Balance = 10;
/// Deposit per byte.
pub const DEPOSIT_PER_BYTE: Balance = 1;
/// Most requirements per asset.
pub const MAX_REQUIREMENTS: u32 = 4;
/// Most conditions per asset.
pub const MAX_CONDITIONS: u32 = 8;
/// Most batch entries.
pub const MAX_BATCH: u32 = 8;

impl pallet_rwa::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ForceOrigin = frame_system::EnsureRoot<AccountId>;
	type PaymentAssetId = u32;
	type PaymentAssets = PaymentAssets;
	type ClaimVerifier = MockClaims;
	type Time = Timestamp;
	type PalletId = RwaPalletId;
	type AssetDeposit = ConstU64<ASSET_DEPOSIT>;
	type DepositBase = ConstU64<DEPOSIT_BASE>;
	type DepositPerByte = ConstU64<DEPOSIT_PER_BYTE>;
	type StringLimit = ConstU32<16>;
	type MaxDocuments = ConstU32<4>;
	type MaxAgents = ConstU32<4>;
	type MaxRequirements = ConstU32<MAX_REQUIREMENTS>;
	type MaxConditions = ConstU32<MAX_CONDITIONS>;
	type MaxCountries = ConstU32<4>;
	type MaxTrustedIssuers = ConstU32<4>;
	type MaxRestrictions = ConstU32<5>;
	type MaxBlockedDids = ConstU32<4>;
	type MaxBatch = ConstU32<MAX_BATCH>;
	type MaxClaimCleanup = ConstU32<4>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = AssetsHelper;
}

/// Creates payment assets in `pallet-assets` for benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct AssetsHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_rwa::BenchmarkHelper<u32, AccountId, Balance> for AssetsHelper {
	fn create_payment_asset(who: &AccountId, amount: Balance) -> u32 {
		use polkadot_sdk::frame_support::{
			assert_ok,
			traits::fungibles::{Create, Mutate},
		};
		let id = 77;
		if !<PaymentAssets as polkadot_sdk::frame_support::traits::fungibles::Inspect<_>>::asset_exists(
			id,
		)
		{
			assert_ok!(<PaymentAssets as Create<_>>::create(id, *who, true, 1));
		}
		assert_ok!(<PaymentAssets as Mutate<_>>::mint_into(id, who, amount));
		id
	}

	fn link_same_did(existing: &AccountId, new: &AccountId) {
		let did = MockClaims::did_of(existing).expect("linked");
		MockClaims::link(*new, did);
	}
}

/// The issuer governance trusts by default (`IssuerPolicy::SchemaDefault`).
pub const GOV_ISSUER: DidId = [0xAA; 32];
/// An issuer an RWA issuer may list as trusted for its asset.
pub const BANK_ISSUER: DidId = [0xBB; 32];
/// The KYC schema.
pub const KYC: SchemaId = [1; 32];
/// The accreditation schema.
pub const ACCREDITED: SchemaId = [2; 32];
/// A sanctions schema (holding one blocks).
pub const SANCTIONED: SchemaId = [3; 32];

thread_local! {
	/// Claims by (subject, schema, issuer).
	static CLAIMS: RefCell<BTreeMap<(AccountId, SchemaId, DidId), ClaimAttributes>> =
		const { RefCell::new(BTreeMap::new()) };
	static DIDS: RefCell<BTreeMap<AccountId, DidId>> = const { RefCell::new(BTreeMap::new()) };
	static DEFAULT_TRUSTED: RefCell<BTreeSet<DidId>> = RefCell::new(BTreeSet::from([GOV_ISSUER]));
	static LOOKUPS: RefCell<u32> = const { RefCell::new(0) };
}

/// A claim verifier backed by thread-local maps.
pub struct MockClaims;

impl MockClaims {
	/// Gives `who` a claim of `schema` with `attributes`.
	pub fn give(who: AccountId, schema: SchemaId, attributes: ClaimAttributes) {
		CLAIMS.with(|c| c.borrow_mut().insert((who, schema, attributes.issuer), attributes));
	}

	/// Revokes `who`'s claims of `schema` from every issuer.
	pub fn revoke(who: AccountId, schema: SchemaId) {
		CLAIMS.with(|c| c.borrow_mut().retain(|(w, s, _), _| (*w, *s) != (who, schema)));
	}

	/// Links `who` to `did`.
	pub fn link(who: AccountId, did: DidId) {
		DIDS.with(|d| d.borrow_mut().insert(who, did));
	}

	/// `valid_claim` lookups since the last call (and resets the count).
	pub fn take_lookups() -> u32 {
		LOOKUPS.with(|l| core::mem::take(&mut *l.borrow_mut()))
	}

	/// Forgets everything (between property-test cases).
	pub fn reset() {
		CLAIMS.with(|c| c.borrow_mut().clear());
		DIDS.with(|d| d.borrow_mut().clear());
		DEFAULT_TRUSTED.with(|t| *t.borrow_mut() = BTreeSet::from([GOV_ISSUER]));
	}
}

/// What the mock claim verifier says one claim check weighs.
pub const MOCK_CLAIM_CHECK_WEIGHT: Weight = Weight::from_parts(3_000_000, 300);

impl ClaimVerifier<AccountId> for MockClaims {
	fn valid_claims(
		subject: &ClaimSubject<AccountId>,
		schema: &SchemaId,
		issuers: IssuerPolicy<'_>,
		now: u64,
	) -> Vec<ClaimAttributes> {
		LOOKUPS.with(|l| *l.borrow_mut() += 1);
		let ClaimSubject::Account(who) = subject else { return Vec::new() };
		let trusted = match issuers {
			IssuerPolicy::SchemaDefault => {
				DEFAULT_TRUSTED.with(|t| t.borrow().iter().copied().collect())
			},
			IssuerPolicy::Only(list) => list.to_vec(),
		};
		trusted
			.into_iter()
			.filter_map(|issuer| CLAIMS.with(|c| c.borrow().get(&(*who, *schema, issuer)).cloned()))
			.filter(|claim| claim.expires_at.is_none_or(|at| at > now))
			.collect()
	}

	fn did_of(account: &AccountId) -> Option<DidId> {
		DIDS.with(|d| d.borrow().get(account).copied())
	}

	fn claim_check_weight() -> Weight {
		MOCK_CLAIM_CHECK_WEIGHT
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_valid_claim(account: &AccountId, schema: &SchemaId, attributes: ClaimAttributes) {
		DEFAULT_TRUSTED.with(|t| t.borrow_mut().insert(attributes.issuer));
		if Self::did_of(account).is_none() {
			let mut did = [0u8; 32];
			did[..8].copy_from_slice(&account.to_le_bytes());
			Self::link(*account, did);
		}
		Self::give(*account, *schema, attributes);
	}
}

/// A KYC claim by the governance issuer.
pub fn kyc_claim(tier: u8, country: CountryCode) -> ClaimAttributes {
	ClaimAttributes {
		issuer: GOV_ISSUER,
		kyc_tier: tier,
		jurisdiction: Some(country),
		accredited: false,
		expires_at: None,
	}
}

/// Gives `who` a tier-`tier` KYC claim in `country` and links it to a DID derived from it.
pub fn kyc(who: AccountId, tier: u8, country: CountryCode) {
	MockClaims::give(who, KYC, kyc_claim(tier, country));
	MockClaims::link(who, did_of_account(who));
}

/// The DID the tests link `who` to.
pub fn did_of_account(who: AccountId) -> DidId {
	let mut did = [0u8; 32];
	did[0] = 0xD1;
	did[24..].copy_from_slice(&who.to_be_bytes());
	did
}

/// Well-known accounts.
pub const ISSUER: AccountId = 1;
pub const ALICE: AccountId = 2;
pub const BOB: AccountId = 3;
pub const CHARLIE: AccountId = 4;
pub const DAVE: AccountId = 5;
pub const AGENT: AccountId = 6;
pub const EVE: AccountId = 7;

/// Native funds of every well-known account.
pub const ENDOWMENT: Balance = 1_000_000;

/// Test externalities with funded accounts, time at 1_000 ms and block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	MockClaims::reset();
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=20).map(|who| (who, ENDOWMENT)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		set_now(1_000);
	});
	ext
}

/// Sets the wall clock (Unix ms).
pub fn set_now(ms: u64) {
	pallet_timestamp::Now::<Test>::put(ms);
}
