//! Test runtime: system, timestamp, Aura and GRANDPA with one authority each, and the pallet,
//! which answers to root (the runtime gives it the council).

use crate as pallet_governance;
use polkadot_sdk::{
	frame_support::{derive_impl, traits::ConstU64},
	frame_system::{self, EnsureRoot},
	pallet_aura, pallet_grandpa, pallet_timestamp,
	sp_consensus_aura::sr25519::AuthorityId as AuraId,
	sp_core::{crypto::UncheckedFrom, ConstBool, ConstU32},
	sp_io,
	sp_runtime::BuildStorage,
};

type Block = frame_system::mocking::MockBlock<Test>;

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Aura: pallet_aura,
		Grandpa: pallet_grandpa,
		Governance: pallet_governance,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

impl pallet_aura::Config for Test {
	type AuthorityId = AuraId;
	type MaxAuthorities = ConstU32<1>;
	type DisabledValidators = ();
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = ConstU64<1_000>;
}

impl pallet_grandpa::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<1>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = polkadot_sdk::sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_governance::Config for Test {
	type CouncilOrigin = EnsureRoot<u64>;
	type WeightInfo = ();
	type MaxOpenMotionsPerMember = ConstU32<2>;
}

/// The sequencer's Aura key at genesis.
pub fn genesis_aura() -> AuraId {
	AuraId::unchecked_from([1; 32])
}

/// The sequencer's GRANDPA key at genesis.
pub fn genesis_grandpa() -> crate::GrandpaId {
	crate::GrandpaId::unchecked_from([2; 32])
}

/// Genesis: one Aura and one GRANDPA authority, at block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig {
		aura: pallet_aura::GenesisConfig { authorities: vec![genesis_aura()] },
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: vec![(genesis_grandpa(), 1)],
			..Default::default()
		},
		..Default::default()
	}
	.build_storage()
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
