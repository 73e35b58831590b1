//! Test runtime: system, balances (native), assets, channels.

use crate as pallet_channels;
use mooring_primitives::{
	channel::{ChannelPublic, ChannelState, SignedState},
	compliance::TransferCheck,
};
use polkadot_sdk::{
	frame_support::{
		derive_impl, parameter_types,
		traits::{
			tokens::fungible::{NativeFromLeft, NativeOrWithId, UnionOf},
			AsEnsureOriginWithArg, ConstU128, ConstU64,
		},
		weights::Weight,
		PalletId,
	},
	frame_system::{self, EnsureRoot, EnsureSigned},
	pallet_assets, pallet_balances,
	sp_core::{ed25519, Pair, H256},
	sp_io,
	sp_keystore::{testing::MemoryKeystore, KeystoreExt},
	sp_runtime::{
		traits::IdentityLookup, AccountId32, BuildStorage, DispatchError, DispatchResult,
	},
};

/// 32-byte accounts as in the runtime, so every channel gets its own derived account.
pub type AccountId = AccountId32;
pub type Balance = u128;
pub type AssetKind = NativeOrWithId<u32>;

pub const ALICE: AccountId = AccountId32::new([1; 32]);
pub const BOB: AccountId = AccountId32::new([2; 32]);
pub const CHARLIE: AccountId = AccountId32::new([3; 32]);
/// Starting native and asset balance of every test account.
pub const INITIAL: Balance = 1_000_000;
/// The native existential deposit.
pub const ED: Balance = 5;
/// A `pallet-assets` asset that is not sufficient, with minimum balance 10.
pub const TOKEN: u32 = 7;
pub const TOKEN_MIN_BALANCE: Balance = 10;
pub const RECORD_DEPOSIT: Balance = 100;
pub const MIN_PERIOD: u64 = 5;
pub const MAX_PERIOD: u64 = 100;

type Block = frame_system::mocking::MockBlock<Test>;

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Channels: pallet_channels,
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
	type ExistentialDeposit = ConstU128<ED>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Balance = Balance;
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type Freezer = ();
	type Holder = ();
}

parameter_types! {
	pub const ChannelsPalletId: PalletId = PalletId(*b"mr/chanl");
	/// Pairs `(from, to)` the mock compliance check refuses.
	pub static Refused: Vec<(AccountId, AccountId)> = vec![];
	/// Every check the pallet asked for: `(from, to, amount)`.
	pub static Checked: Vec<(AccountId, AccountId, Balance)> = vec![];
}

/// A compliance check that refuses the pairs in [`Refused`] and records every call.
pub struct MockTransferCheck;

impl TransferCheck<AccountId, AssetKind, Balance> for MockTransferCheck {
	fn check_transfer(
		_asset: &AssetKind,
		from: &AccountId,
		to: &AccountId,
		amount: Balance,
	) -> DispatchResult {
		Checked::mutate(|checked| checked.push((from.clone(), to.clone(), amount)));
		if Refused::get().contains(&(from.clone(), to.clone())) {
			return Err(DispatchError::Other("refused by compliance"));
		}
		Ok(())
	}

	fn check_weight() -> Weight {
		Weight::from_parts(2_000_000, 200)
	}
}

impl pallet_channels::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type AssetKind = AssetKind;
	type Assets = UnionOf<Balances, Assets, NativeFromLeft, AssetKind, AccountId>;
	type TransferCheck = MockTransferCheck;
	type PalletId = ChannelsPalletId;
	type RecordDeposit = ConstU128<RECORD_DEPOSIT>;
	type MinChallengePeriod = ConstU64<MIN_PERIOD>;
	type MaxChallengePeriod = ConstU64<MAX_PERIOD>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

/// Storage with funded accounts and the asset [`TOKEN`], at block 1, with a keystore for the
/// benchmarks.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, INITIAL), (BOB, INITIAL), (CHARLIE, INITIAL)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![(TOKEN, CHARLIE, false, TOKEN_MIN_BALANCE)],
		accounts: vec![(TOKEN, ALICE, INITIAL), (TOKEN, BOB, INITIAL), (TOKEN, CHARLIE, INITIAL)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| {
		System::set_block_number(1);
		Refused::set(vec![]);
		Checked::set(vec![]);
	});
	ext
}

/// The channel key of a test account.
pub fn pair_of(who: &AccountId) -> ed25519::Pair {
	ed25519::Pair::from_seed(who.as_ref())
}

/// The public channel key of a test account.
pub fn key_of(who: &AccountId) -> ChannelPublic {
	pair_of(who).public()
}

/// Signs `state` with the keys of `a` and `b` for the chain `genesis_hash`.
pub fn sign_with(
	state: ChannelState,
	a: &ed25519::Pair,
	b: &ed25519::Pair,
	genesis_hash: &H256,
) -> SignedState {
	let signature_a = state.using_signing_payload(genesis_hash, |payload| a.sign(payload));
	let signature_b = state.using_signing_payload(genesis_hash, |payload| b.sign(payload));
	SignedState { state, signature_a, signature_b }
}

/// Signs `state` with ALICE's and BOB's keys for this chain.
pub fn sign(state: ChannelState) -> SignedState {
	sign_with(state, &pair_of(&ALICE), &pair_of(&BOB), &Channels::genesis_hash())
}
