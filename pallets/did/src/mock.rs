//! A test runtime with balances and the DID pallet, AccountId32 accounts and a settable clock.

use crate as pallet_did;
use core::{cell::Cell, time::Duration};
use polkadot_sdk::{
	frame_support::{
		derive_impl, parameter_types,
		traits::{ConstU128, ConstU32, UnixTime},
	},
	frame_system::{self, EnsureRoot},
	pallet_balances,
	sp_core::{ecdsa, ed25519, sr25519, Pair},
	sp_keystore::{testing::MemoryKeystore, KeystoreExt},
	sp_runtime::{traits::IdentityLookup, AccountId32, BuildStorage},
};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = AccountId32;
pub type Balance = u128;

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Did: pallet_did,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU128<1>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// Unix time at genesis of the test chain, in milliseconds.
pub const GENESIS_MS: u64 = 1_700_000_000_000;

thread_local! {
	static NOW_MS: Cell<u64> = const { Cell::new(GENESIS_MS) };
}

/// A clock the tests set.
pub struct MockTime;
impl UnixTime for MockTime {
	fn now() -> Duration {
		Duration::from_millis(NOW_MS.with(Cell::get))
	}
}

/// Sets the clock (Unix ms).
pub fn set_now(ms: u64) {
	NOW_MS.with(|now| now.set(ms));
}

parameter_types! {
	pub const DepositPerItem: Balance = 100;
	pub const DepositPerByte: Balance = 1;
}

impl pallet_did::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type Time = MockTime;
	type DepositPerItem = DepositPerItem;
	type DepositPerByte = DepositPerByte;
	type MaxControllers = ConstU32<3>;
	type MaxVerificationMethods = ConstU32<4>;
	type MaxRetiredKeys = ConstU32<2>;
	type MaxServices = ConstU32<3>;
	type MaxAlsoKnownAs = ConstU32<2>;
	type MaxIdLength = ConstU32<32>;
	type MaxUriLength = ConstU32<64>;
	type MaxLinkedAccounts = ConstU32<2>;
	type MaxTrustedIssuers = ConstU32<3>;
	type MaxExtraAttributes = ConstU32<2>;
	type WeightInfo = ();
}

/// Balance every test account starts with.
pub const INITIAL_BALANCE: Balance = 1_000_000;

/// A plain account (not a key anyone holds).
pub fn account(n: u8) -> AccountId {
	AccountId32::new([n; 32])
}

/// A deterministic Ed25519 key pair.
pub fn ed_pair(seed: u8) -> ed25519::Pair {
	ed25519::Pair::from_seed(&[seed; 32])
}

/// A deterministic Sr25519 key pair.
pub fn sr_pair(seed: u8) -> sr25519::Pair {
	sr25519::Pair::from_seed(&[seed; 32])
}

/// A deterministic secp256k1 key pair.
pub fn ecdsa_pair(seed: u8) -> ecdsa::Pair {
	ecdsa::Pair::from_seed(&[seed; 32])
}

/// Funded accounts: plain accounts 1..=20.
pub fn new_test_ext() -> polkadot_sdk::sp_io::TestExternalities {
	set_now(GENESIS_MS);
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=20).map(|n| (account(n), INITIAL_BALANCE)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = polkadot_sdk::sp_io::TestExternalities::new(storage);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| System::set_block_number(1));
	ext
}
