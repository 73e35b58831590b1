//! Genesis presets: `development` (one node, `--dev`) and `local` (a sequencer and followers),
//! and [`network_genesis`], from which `mooring-node network-spec` builds the genesis of a
//! production network (docs/chain-operator.md).
//!
//! Both presets fund the Substrate dev accounts (Alice, Bob, ...) and the ten Ethereum dev
//! accounts that anvil and Hardhat print, make Alice the sequencer (Aura and GRANDPA) and the
//! council's only member, so that one of her motions passes at once: they are for development
//! only.

use crate::*;
use alloc::{vec, vec::Vec};
use mooring_primitives::{bridge::L1Contract, dev::ETH_DEV_ADDRESSES, GWEI};
use pallet_revive::AddressMapper;
use polkadot_sdk_frame::deps::sp_genesis_builder::{self, PresetId};
use serde_json::Value;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// Balance of every funded dev account: one million native tokens.
pub const DEV_ENDOWMENT: Balance = 1_000_000 * UNIT;

/// Name of the multi-node local testnet preset.
pub const LOCAL_PRESET: &str = sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;
/// Name of the single-node development preset.
pub const DEV_PRESET: &str = sp_genesis_builder::DEV_RUNTIME_PRESET;

/// The Substrate and Ethereum development accounts, as L2 accounts.
pub fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::iter()
		.map(|key| key.to_account_id())
		.chain(ETH_DEV_ADDRESSES.iter().map(|address| {
			<Runtime as pallet_revive::Config>::AddressMapper::to_fallback_account_id(
				&(*address).into(),
			)
		}))
		.collect()
}

/// The L1 base fee until the relayer's first report: 0.1 gwei, BNB Chain's usual gas price.
pub const GENESIS_L1_BASE_FEE: Balance = GWEI / 10;

/// The genesis patch of a network: the sequencer authors with `aura` and finalizes with
/// `grandpa`, `council` governs (motions pass with three quarters of it), `relayers` may relay
/// deposits from `portal` (set later by the council with `Bridge.set_portal` if `None`). No
/// account is endowed: on a production network BNB exists on L2 only through deposits, so the
/// total issuance starts at 0 (`contracts/deploy.mjs` checks it). The L1 data fee starts with
/// [`configs::L1_FEE_PARAMS`] at [`GENESIS_L1_BASE_FEE`]. Fails on an empty council, a
/// council larger than [`configs::COUNCIL_MAX_MEMBERS`] or one naming a member twice.
pub fn network_genesis(
	aura: AuraId,
	grandpa: GrandpaId,
	council: Vec<AccountId>,
	relayers: Vec<AccountId>,
	portal: Option<L1Contract>,
) -> Result<Value, &'static str> {
	let distinct: alloc::collections::BTreeSet<_> = council.iter().collect();
	if council.is_empty() || distinct.len() != council.len() {
		return Err("the council needs at least one member, each named once");
	}
	let members = council.try_into().map_err(|_| "the council has too many members")?;
	Ok(frame_support::build_struct_json_patch!(RuntimeGenesisConfig {
		aura: AuraConfig { authorities: vec![aura] },
		grandpa: GrandpaConfig { authorities: vec![(grandpa, 1)] },
		council_membership: CouncilMembershipConfig { members },
		bridge: BridgeConfig { relayers, portal },
		l1_fee: L1FeeConfig {
			params: Some(configs::L1_FEE_PARAMS),
			base_fee: GENESIS_L1_BASE_FEE,
			blob_base_fee: 1,
		},
	}))
}

/// The development genesis: [`network_genesis`] with dev keys, where `endowed` accounts hold
/// [`DEV_ENDOWMENT`] and the sequencer's fee vault exists.
///
/// pallet-revive maps every new account to an Ethereum address on creation (`AutoMap`), so the
/// endowed Substrate accounts need no explicit mapping.
fn dev_genesis(
	aura: Sr25519Keyring,
	grandpa: Ed25519Keyring,
	council_member: AccountId,
	deposit_relayer: AccountId,
	endowed: Vec<AccountId>,
) -> Value {
	let mut patch = network_genesis(
		aura.public().into(),
		grandpa.public().into(),
		vec![council_member],
		vec![deposit_relayer],
		None,
	)
	.expect("a council of one is valid; qed");
	let balances = frame_support::build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed
				.into_iter()
				.map(|account| (account, DEV_ENDOWMENT))
				// The fee vault must exist, or fees smaller than the existential deposit are lost.
				.chain([(configs::SequencerFeeVault::get(), EXISTENTIAL_DEPOSIT)])
				.collect(),
		},
	});
	if let (Value::Object(patch), Value::Object(balances)) = (&mut patch, balances) {
		patch.extend(balances);
	}
	patch
}

/// Builds the genesis state from `config`, then takes back the existential deposit
/// pallet-revive mints for its own account at genesis: no coin may exist on L2 that no deposit
/// backs (total issuance 0 on a production network). A provider reference keeps the account
/// alive instead; it still takes code deposits as before.
pub fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
	use frame_support::traits::{
		fungible::Mutate,
		tokens::{Fortitude, Precision, Preservation},
	};
	frame_support::genesis_builder_helper::build_state::<RuntimeGenesisConfig>(config)?;
	let account = pallet_revive::Pallet::<Runtime>::account_id();
	frame_system::Pallet::<Runtime>::inc_providers(&account);
	let minted = Balances::free_balance(&account);
	Balances::burn_from(
		&account,
		minted,
		Preservation::Expendable,
		Precision::Exact,
		Fortitude::Force,
	)
	.map_err(|e| alloc::format!("cannot take back pallet-revive's genesis deposit: {e:?}"))?;
	Ok(())
}

/// The genesis patch of the preset `id`, if it exists.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_PRESET | LOCAL_PRESET => dev_genesis(
			Sr25519Keyring::Alice,
			Ed25519Keyring::Alice,
			Sr25519Keyring::Alice.to_account_id(),
			Sr25519Keyring::Ferdie.to_account_id(),
			dev_accounts(),
		),
		_ => return None,
	};
	Some(serde_json::to_vec(&patch).expect("a JSON value always serializes; qed"))
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![PresetId::from(DEV_PRESET), PresetId::from(LOCAL_PRESET)]
}
