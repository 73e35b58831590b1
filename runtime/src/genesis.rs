//! Genesis presets: `development` (one node, `--dev`) and `local` (a sequencer and followers).
//!
//! Both fund the Substrate dev accounts (Alice, Bob, ...) and the ten Ethereum dev accounts that
//! anvil and Hardhat print, make Alice the sequencer (Aura and GRANDPA) and the sudo key.

use crate::*;
use alloc::{vec, vec::Vec};
use mooring_primitives::dev::ETH_DEV_ADDRESSES;
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

/// A genesis config where the sequencer authors with the sr25519 key `aura` and finalizes with the
/// ed25519 key `grandpa`, `sudo` is the root key and `endowed` accounts hold [`DEV_ENDOWMENT`].
///
/// pallet-revive maps every new account to an Ethereum address on creation (`AutoMap`), so the
/// endowed Substrate accounts need no explicit mapping.
fn mooring_genesis(
	aura: Sr25519Keyring,
	grandpa: Ed25519Keyring,
	sudo: AccountId,
	deposit_relayer: AccountId,
	endowed: Vec<AccountId>,
) -> Value {
	frame_support::build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed
				.into_iter()
				.map(|account| (account, DEV_ENDOWMENT))
				// The fee vault must exist, or fees smaller than the existential deposit are lost.
				.chain([(configs::SequencerFeeVault::get(), EXISTENTIAL_DEPOSIT)])
				.collect(),
		},
		aura: AuraConfig { authorities: vec![aura.public().into()] },
		grandpa: GrandpaConfig { authorities: vec![(grandpa.public().into(), 1)] },
		sudo: SudoConfig { key: Some(sudo) },
		bridge: BridgeConfig { relayers: vec![deposit_relayer] },
	})
}

/// The genesis patch of the preset `id`, if it exists.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_PRESET | LOCAL_PRESET => mooring_genesis(
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
