//! Test runtime: system, balances, transaction payment with this pallet's [`LengthToFee`], and
//! the pallet; account 1 reports prices, root sets parameters.

use crate as pallet_l1_fee;
use polkadot_sdk::{
	frame_support::{
		derive_impl, ord_parameter_types, parameter_types,
		traits::ConstU64,
		weights::{ConstantMultiplier, IdentityFee},
	},
	frame_system::{self, EnsureRoot, EnsureSignedBy},
	pallet_balances, pallet_transaction_payment, sp_io,
	sp_runtime::BuildStorage,
};

type Block = frame_system::mocking::MockBlock<Test>;

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		TransactionPayment: pallet_transaction_payment,
		L1Fee: pallet_l1_fee,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u128>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = u128;
	type AccountStore = System;
}

/// The reporter (the relayer).
pub const REPORTER: u64 = 1;
/// The L1 fee needs no other length fee to be tested: one wei per byte.
pub const BYTE_FEE: u128 = 1;

parameter_types! {
	pub const ByteFee: u128 = BYTE_FEE;
}

ord_parameter_types! {
	pub const Reporter: u64 = REPORTER;
}

#[derive_impl(pallet_transaction_payment::config_preludes::TestDefaultConfig)]
impl pallet_transaction_payment::Config for Test {
	type OnChargeTransaction = pallet_transaction_payment::FungibleAdapter<Balances, ()>;
	type WeightToFee = IdentityFee<u128>;
	type LengthToFee = pallet_l1_fee::LengthToFee<Test, ConstantMultiplier<u128, ByteFee>>;
}

impl pallet_l1_fee::Config for Test {
	type ReportOrigin = EnsureSignedBy<Reporter, u64>;
	type AdminOrigin = EnsureRoot<u64>;
	type MinReportInterval = ConstU64<10>;
	type StaleAfter = ConstU64<100>;
	type WeightInfo = ();
}

/// 1 gwei: the genesis base fee.
pub const GWEI: u128 = 1_000_000_000;

/// Parameters like the runtime's: base fee weighed 1.0, blobs 0, 65 % compression, base fees
/// from 0.01 to 1,000 gwei, blob base fees up to 1,000 gwei.
pub fn params() -> pallet_l1_fee::FeeParams {
	pallet_l1_fee::FeeParams {
		base_fee_scalar: 1_000_000,
		blob_base_fee_scalar: 0,
		compression_ppm: 650_000,
		min_base_fee: GWEI / 100,
		max_base_fee: 1_000 * GWEI,
		max_blob_base_fee: 1_000 * GWEI,
	}
}

/// Genesis: base fee 1 gwei, blob base fee 1 wei.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let config = RuntimeGenesisConfig {
		l1_fee: pallet_l1_fee::GenesisConfig {
			params: Some(params()),
			base_fee: GWEI,
			blob_base_fee: 1,
			_config: Default::default(),
		},
		..Default::default()
	};
	let mut ext: sp_io::TestExternalities = config.build_storage().unwrap().into();
	ext.execute_with(|| System::set_block_number(1));
	ext
}
