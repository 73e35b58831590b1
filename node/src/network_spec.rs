//! `mooring-node network-spec`: the chain specification of a production network, built from the
//! operator's description of it (docs/chain-operator.md). Unlike the `dev` and `local` presets it
//! endows no account and names no dev key.

use crate::chain_spec::{properties, runtime_wasm, ChainSpec};
use codec::Encode;
use mooring_primitives::{bridge::L1Contract, AccountId};
use polkadot_sdk::{
	sc_cli,
	sc_service::ChainType,
	sp_core::{crypto::Ss58Codec, ed25519, sr25519},
};
use serde::Deserialize;
use std::path::PathBuf;

/// What an operator writes down about a network (JSON, camelCase keys).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkDescription {
	/// Human-readable name, e.g. "Mooring Testnet".
	pub name: String,
	/// Chain id of the spec (also the database directory name), e.g. `mooring_testnet`.
	pub id: String,
	/// libp2p protocol id; distinct per network, so nodes of two networks never peer.
	pub protocol_id: String,
	/// The EVM chain id (EIP-155) the network's Ethereum transactions are signed for; distinct
	/// per network (a live network may not reuse the dev chains' `CHAIN_ID`).
	pub evm_chain_id: u64,
	/// `Live` for a production network (the default), `Local` for a testnet.
	#[serde(default)]
	pub chain_type: Option<ChainType>,
	/// The sequencer's public keys.
	pub sequencer: SequencerKeys,
	/// The council's members (SS58 accounts): motions pass with three quarters of them
	/// (docs/chain-operator.md, "Governance"). There is no root key.
	pub council: Vec<String>,
	/// Accounts that may relay deposits.
	pub deposit_relayers: Vec<String>,
	/// The Portal the L2 settles to, if it is deployed already (else `Bridge.set_portal` later).
	#[serde(default)]
	pub portal: Option<L1Contract>,
	/// libp2p addresses of the network's boot nodes.
	#[serde(default)]
	pub boot_nodes: Vec<String>,
}

/// The sequencer's public keys, SS58 as `mooring-node key inspect` prints them.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SequencerKeys {
	/// sr25519 key that authors blocks (key type `aura`).
	pub aura: String,
	/// ed25519 key that votes on finality (key type `gran`).
	pub grandpa: String,
}

/// The `network-spec` subcommand.
#[derive(Debug, clap::Parser)]
pub struct NetworkSpecCmd {
	/// The network description (JSON; see docs/chain-operator.md).
	#[arg(long)]
	pub config: PathBuf,
}

impl NetworkSpecCmd {
	/// Prints the raw chain spec (genesis as storage, the form every node of the network starts
	/// from) to stdout.
	pub fn run(&self) -> sc_cli::Result<()> {
		let text = std::fs::read_to_string(&self.config)
			.map_err(|e| format!("cannot read {}: {e}", self.config.display()))?;
		let description: NetworkDescription = serde_json::from_str(&text)
			.map_err(|e| format!("{} is not a network description: {e}", self.config.display()))?;
		println!("{}", raw_network_spec(&description)?);
		Ok(())
	}
}

/// The raw chain spec of `description`, with its EVM chain id stored under
/// `mooring_runtime::configs::EvmChainId`'s key (a runtime parameter, not part of any pallet's
/// genesis config).
pub fn raw_network_spec(description: &NetworkDescription) -> Result<String, String> {
	let spec = network_spec(description)?;
	let mut json: serde_json::Value =
		serde_json::from_str(&sc_cli::ChainSpec::as_json(&spec, true)?)
			.map_err(|e| format!("the raw spec is not JSON: {e}"))?;
	let top = json
		.pointer_mut("/genesis/raw/top")
		.and_then(|top| top.as_object_mut())
		.ok_or("the raw spec has no genesis.raw.top")?;
	let key = mooring_runtime::configs::EvmChainId::key();
	let hex = |bytes: &[u8]| polkadot_sdk::sp_core::bytes::to_hex(bytes, false);
	top.insert(hex(&key), hex(&description.evm_chain_id.encode()).into());
	serde_json::to_string_pretty(&json).map_err(|e| e.to_string())
}

/// The chain spec `description` describes.
pub fn network_spec(description: &NetworkDescription) -> Result<ChainSpec, String> {
	let aura = sr25519::Public::from_ss58check(&description.sequencer.aura)
		.map_err(|e| format!("sequencer.aura is not an SS58 sr25519 key: {e:?}"))?;
	let grandpa = ed25519::Public::from_ss58check(&description.sequencer.grandpa)
		.map_err(|e| format!("sequencer.grandpa is not an SS58 ed25519 key: {e:?}"))?;
	let council = description
		.council
		.iter()
		.map(|member| account("council", member))
		.collect::<Result<Vec<_>, _>>()?;
	let relayers = description
		.deposit_relayers
		.iter()
		.map(|relayer| account("depositRelayers", relayer))
		.collect::<Result<Vec<_>, _>>()?;
	let chain_type = description.chain_type.clone().unwrap_or(ChainType::Live);
	check_bootstrap(&chain_type, description.portal.as_ref(), relayers.len())?;
	check_live_council(&chain_type, council.len())?;
	check_no_dev_keys(&chain_type, &aura, &grandpa, council.iter().chain(&relayers))?;
	check_evm_chain_id(&chain_type, description.evm_chain_id)?;
	let genesis = mooring_runtime::genesis::network_genesis(
		aura.into(),
		grandpa.into(),
		council,
		relayers,
		description.portal.clone(),
	)
	.map_err(|e| format!("council: {e}"))?;
	let boot_nodes = description
		.boot_nodes
		.iter()
		.map(|address| address.parse().map_err(|e| format!("boot node {address}: {e:?}")))
		.collect::<Result<Vec<_>, String>>()?;
	Ok(ChainSpec::builder(runtime_wasm()?, None)
		.with_name(&description.name)
		.with_id(&description.id)
		.with_chain_type(chain_type)
		.with_protocol_id(&description.protocol_id)
		.with_boot_nodes(boot_nodes)
		.with_genesis_config_patch(genesis)
		.with_properties(properties(description.evm_chain_id))
		.build())
}

/// A live network must be able to take its first deposit without the council, which holds no
/// coin to pay for a call until a deposit reaches it: the genesis names the Portal and at least
/// one relayer.
fn check_bootstrap(
	chain_type: &ChainType,
	portal: Option<&L1Contract>,
	relayers: usize,
) -> Result<(), String> {
	if let Some(portal) = portal {
		if portal.address == [0; 20] || portal.chain_id == 0 {
			return Err("portal: a zero address or chain id".into());
		}
	}
	if *chain_type == ChainType::Live {
		if portal.is_none() {
			return Err("a Live network needs its portal in the genesis (deploy.mjs \
				--predict-portal): the council has no coin to set it later"
				.into());
		}
		if relayers == 0 {
			return Err("a Live network needs at least one depositRelayers account".into());
		}
	}
	Ok(())
}

/// Fewest council members of a live network: with 4, three must approve a privileged motion,
/// so one lost or stolen key neither stops nor captures governance.
pub const MIN_LIVE_COUNCIL: usize = 4;

/// A live network's council has at least [`MIN_LIVE_COUNCIL`] members: one member would be a
/// root key, and with two or three every member must approve, so one lost key ends governance.
fn check_live_council(chain_type: &ChainType, members: usize) -> Result<(), String> {
	if *chain_type == ChainType::Live && members < MIN_LIVE_COUNCIL {
		return Err(format!(
			"a Live network needs at least {MIN_LIVE_COUNCIL} council members, not {members}"
		));
	}
	Ok(())
}

/// A live network names no development key (`//Alice`, ...) as sequencer, council member or
/// relayer: their secrets are public.
fn check_no_dev_keys<'a>(
	chain_type: &ChainType,
	aura: &sr25519::Public,
	grandpa: &ed25519::Public,
	accounts: impl IntoIterator<Item = &'a AccountId>,
) -> Result<(), String> {
	use polkadot_sdk::sp_keyring::{Ed25519Keyring, Sr25519Keyring};
	if *chain_type != ChainType::Live {
		return Ok(());
	}
	let dev_accounts = mooring_runtime::genesis::dev_accounts();
	let dev_sr = Sr25519Keyring::iter().any(|key| key.public() == *aura);
	let dev_ed = Ed25519Keyring::iter().any(|key| key.public() == *grandpa);
	if dev_sr || dev_ed {
		return Err("the sequencer's keys are development keys, whose secrets are public".into());
	}
	if let Some(account) = accounts.into_iter().find(|account| dev_accounts.contains(account)) {
		return Err(format!(
			"{} is a development account, whose secret is public",
			account.to_ss58check()
		));
	}
	Ok(())
}

/// A chain id of 0 is refused by pallet-revive; a live network must not share the dev chains'.
fn check_evm_chain_id(chain_type: &ChainType, evm_chain_id: u64) -> Result<(), String> {
	if evm_chain_id == 0 {
		return Err("evmChainId must not be 0".into());
	}
	if *chain_type == ChainType::Live && evm_chain_id == mooring_runtime::CHAIN_ID {
		return Err(format!(
			"evmChainId {evm_chain_id} is the dev chains' id: a live network needs its own, or \
			 transactions signed for one replay on the other"
		));
	}
	Ok(())
}

fn account(field: &str, text: &str) -> Result<AccountId, String> {
	AccountId::from_ss58check(text)
		.map_err(|e| format!("{field}: {text} is not an SS58 account: {e:?}"))
}
