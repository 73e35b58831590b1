//! Test runtime: system, balances (native), assets, bridge.

use crate as pallet_bridge;
use crate::L1Contract;
use polkadot_sdk::{
	frame_support::{
		derive_impl, parameter_types,
		traits::{AsEnsureOriginWithArg, ConstU128, ConstU32},
		PalletId,
	},
	frame_system::{self, EnsureRoot, EnsureSigned},
	pallet_assets, pallet_balances,
	sp_core::H256,
	sp_io,
	sp_runtime::{
		traits::{AccountIdConversion, IdentityLookup},
		AccountId32, BuildStorage,
	},
};

pub type AccountId = AccountId32;
pub type Balance = u128;
pub type AssetId = u32;

pub const ALICE: AccountId = AccountId32::new([1; 32]);
pub const BOB: AccountId = AccountId32::new([2; 32]);
pub const CHARLIE: AccountId = AccountId32::new([3; 32]);
/// The authorized relayer of the genesis.
pub const RELAYER: AccountId = AccountId32::new([9; 32]);
/// An account that exists nowhere until a deposit creates it.
pub const NEWCOMER: AccountId = AccountId32::new([42; 32]);
/// Starting native balance of the funded accounts.
pub const INITIAL: Balance = 1_000_000;
/// The native existential deposit.
pub const ED: Balance = 5;

/// A sufficient asset with minimum balance 1, mapped to [`USDT`] at genesis.
pub const USDT_ASSET: AssetId = 1;
/// The BEP-20 token [`USDT_ASSET`] is minted for.
pub const USDT: [u8; 20] = [0x11; 20];
/// A non-sufficient asset with minimum balance [`WBTC_MIN`], mapped to [`WBTC`] at genesis.
pub const WBTC_ASSET: AssetId = 2;
/// The BEP-20 token [`WBTC_ASSET`] is minted for.
pub const WBTC: [u8; 20] = [0x22; 20];
pub const WBTC_MIN: Balance = 10;
/// An asset id free at genesis: `register_token` creates it when it is first mapped.
pub const SPARE_ASSET: AssetId = 3;
/// An asset that exists with the bridge's account in every role but was never mapped.
pub const IDLE_ASSET: AssetId = 6;
/// An asset that exists with [`CHARLIE`] in every role, mapped to no token.
pub const FOREIGN_ASSET: AssetId = 4;
/// An asset id no asset has.
pub const NEW_ASSET: AssetId = 5;
/// A BEP-20 token mapped to nothing.
pub const UNMAPPED: [u8; 20] = [0x33; 20];
/// An L1 address to withdraw to.
pub const L1_ALICE: [u8; 20] = [0xa1; 20];
/// The Portal the bridge settles to from genesis (on BNB Chain).
pub const PORTAL: L1Contract = L1Contract { chain_id: 56, address: [0x90; 20] };
/// Another Portal on the same chain.
pub const NEXT_PORTAL: L1Contract = L1Contract { chain_id: 56, address: [0x91; 20] };

type Block = frame_system::mocking::MockBlock<Test>;

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Bridge: pallet_bridge,
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

/// Creates assets with ids from 1000 on for the benchmarks (as the runtime would), or names
/// free ids from 2000 on.
#[cfg(feature = "runtime-benchmarks")]
pub struct AssetCreator;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_bridge::BenchmarkHelper<AssetId> for AssetCreator {
	fn create_asset(seed: u32, is_sufficient: bool) -> AssetId {
		use polkadot_sdk::frame_support::traits::fungibles::Create;
		let id = 1_000 + seed;
		let owner: AccountId = polkadot_sdk::frame_benchmarking::account("asset owner", 0, 0);
		<Assets as Create<AccountId>>::create(id, owner, is_sufficient, 1)
			.expect("the asset id is free");
		id
	}

	fn free_asset_id(seed: u32) -> AssetId {
		2_000 + seed
	}
}

parameter_types! {
	pub const BridgePalletId: PalletId = PalletId(*b"mo/bridg");
}

/// The bridge's account: every role of the mapped assets.
pub fn bridge_account() -> AccountId {
	BridgePalletId::get().into_account_truncating()
}

impl pallet_bridge::Config for Test {
	type PalletId = BridgePalletId;
	type Currency = Balances;
	type AssetId = AssetId;
	type Assets = Assets;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type MaxDepositsPerCall = ConstU32<16>;
	type MaxRelayers = ConstU32<4>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = AssetCreator;
}

/// Storage with funded accounts, the assets above, [`RELAYER`] authorized, at block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, INITIAL), (BOB, INITIAL), (CHARLIE, INITIAL), (RELAYER, INITIAL)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![
			(USDT_ASSET, bridge_account(), true, 1),
			(WBTC_ASSET, bridge_account(), false, WBTC_MIN),
			(IDLE_ASSET, bridge_account(), true, 1),
			(FOREIGN_ASSET, CHARLIE, true, 1),
		],
		accounts: vec![(USDT_ASSET, ALICE, INITIAL), (WBTC_ASSET, ALICE, INITIAL)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_bridge::GenesisConfig::<Test> {
		relayers: vec![RELAYER],
		token_mappings: vec![(USDT, USDT_ASSET), (WBTC, WBTC_ASSET)],
		next_deposit_nonce: 0,
		portal: Some(PORTAL),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` on [`new_test_ext`], then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Bridge::do_try_state().expect("bridge invariants hold");
	});
}

/// A deposit of `amount` of `l1_token` for `recipient` with `nonce`.
pub fn deposit(
	nonce: u64,
	l1_token: [u8; 20],
	recipient: AccountId,
	amount: Balance,
) -> pallet_bridge::DepositOf<Test> {
	pallet_bridge::Deposit {
		nonce,
		l1_token,
		l1_sender: [0xee; 20],
		recipient,
		amount,
		l1_block_number: nonce.wrapping_add(100),
		l1_tx_hash: H256::repeat_byte(nonce as u8),
	}
}
