//! EVM precompiles: Solidity contracts and Ethereum wallets reach Mooring's pallets through
//! them. Addresses and interfaces: `docs/developer.md` ("Precompiles"); Solidity interfaces in
//! `contracts/src/`.
//!
//! - [`IdentityPrecompile`] at [`IDENTITY_PRECOMPILE_ADDRESS`]: `IMooringIdentity`, the DID
//!   pallet's claim check.
//! - [`BridgePrecompile`] at [`BRIDGE_PRECOMPILE_ADDRESS`]: `IMooringBridge`, withdrawals to
//!   BNB Chain.
//! - [`AssetsErc20`] at [`asset_erc20_address`]: every `pallet-assets` asset (bridged BEP-20
//!   tokens among them) as an ERC-20 with EIP-2612 `permit`, polkadot-sdk's
//!   `pallet-assets-precompiles`.
//! - [`RwaErc20`] at [`rwa_erc20_address`]: every RWA asset (and split-bond leg) as an ERC-20
//!   whose transfers run the RWA pallet's compliance.

mod bridge;
mod identity;
mod rwa;

pub use bridge::{BridgePrecompile, IMooringBridge, BRIDGE_PRECOMPILE_ADDRESS};
pub use identity::{IMooringIdentity, IdentityPrecompile, IDENTITY_PRECOMPILE_ADDRESS};
pub use rwa::{rwa_erc20_address, IMooringRwaToken, RwaErc20, RWA_ERC20_PREFIX};

use crate::*;
use alloc::format;
use pallet_revive::{
	precompiles::{
		alloy::{self, primitives::IntoLogData, sol_types::Revert},
		Error, Ext, RuntimeCosts,
	},
	AddressMapper,
};
use polkadot_sdk::pallet_assets_precompiles::{InlineIdConfig, ERC20};
use polkadot_sdk::sp_core::H256;
use polkadot_sdk::sp_runtime::DispatchError;

/// The address prefix (bytes 16 and 17) of the `pallet-assets` ERC-20s: the same scheme as
/// Polkadot Asset Hub's trust-backed assets, so tools built for it find Mooring's.
pub const ASSETS_ERC20_PREFIX: u16 = 0x0120;

/// Every `pallet-assets` asset as an ERC-20 at [`asset_erc20_address`].
pub type AssetsErc20 = ERC20<Runtime, InlineIdConfig<ASSETS_ERC20_PREFIX>>;

/// The ERC-20 address of `pallet-assets` asset `id`: the id big-endian in bytes 0–3,
/// [`ASSETS_ERC20_PREFIX`] in bytes 16–17, zeros elsewhere (asset 1 is
/// `0x0000000100000000000000000000000001200000`).
pub const fn asset_erc20_address(id: u32) -> [u8; 20] {
	prefixed_address(id, ASSETS_ERC20_PREFIX)
}

/// The address a prefix-matched precompile serves `id` at: `id` big-endian in bytes 0–3,
/// `prefix` in bytes 16–17 (pallet-revive's `AddressMatcher::Prefix`).
const fn prefixed_address(id: u32, prefix: u16) -> [u8; 20] {
	let mut address = [0u8; 20];
	let id = id.to_be_bytes();
	let prefix = prefix.to_be_bytes();
	address[0] = id[0];
	address[1] = id[1];
	address[2] = id[2];
	address[3] = id[3];
	address[16] = prefix[0];
	address[17] = prefix[1];
	address
}

/// The account an EVM address acts as (pallet-revive's address mapping).
fn account_of(address: alloy::primitives::Address) -> AccountId {
	<Runtime as pallet_revive::Config>::AddressMapper::to_account_id(&address.into_array().into())
}

/// `count` uncached storage reads.
fn db_reads(count: u64) -> Weight {
	<<Runtime as frame_system::Config>::DbWeight as frame_support::traits::Get<
		frame_support::weights::RuntimeDbWeight,
	>>::get()
	.reads(count)
}

/// A pallet's refusal as a Solidity revert whose reason names the error (`NoPortal`,
/// `FundsUnavailable`), so a wallet or a calling contract sees why.
fn revert_with(error: DispatchError) -> Error {
	let reason = match error {
		DispatchError::Module(module) => module.message.unwrap_or("ModuleError").into(),
		DispatchError::Token(token) => format!("{token:?}"),
		DispatchError::Arithmetic(arithmetic) => format!("{arithmetic:?}"),
		other => format!("{other:?}"),
	};
	Error::Revert(Revert { reason })
}

/// Emits `event` as an EVM log of the called precompile, charging for it as pallet-revive
/// charges a contract's log.
fn emit(env: &mut impl Ext<T = Runtime>, event: impl IntoLogData) -> Result<(), Error> {
	let (topics, data) = event.into_log_data().split();
	let topics: alloc::vec::Vec<H256> = topics.into_iter().map(|topic| H256(topic.0)).collect();
	env.frame_meter_mut().charge_weight_token(RuntimeCosts::DepositEvent {
		num_topic: topics.len() as u32,
		len: data.len() as u32,
	})?;
	env.deposit_event(topics, data.to_vec());
	Ok(())
}

/// Refuses a delegate call: a precompile acting for the account that called its caller.
fn deny_delegate_call(env: &impl Ext<T = Runtime>) -> Result<(), Error> {
	if env.is_delegate_call() {
		return Err(pallet_revive::Error::<Runtime>::PrecompileDelegateDenied.into());
	}
	Ok(())
}

/// Refuses a state change inside a static call.
fn deny_state_change_if_read_only(env: &impl Ext<T = Runtime>) -> Result<(), Error> {
	if env.is_read_only() {
		return Err(Error::Error(pallet_revive::Error::<Runtime>::StateChangeDenied.into()));
	}
	Ok(())
}
