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
//! - [`PaymentsPrecompile`] at [`PAYMENTS_PRECOMPILE_ADDRESS`]: `IMooringPayments`, PayPIN
//!   handles and invoices.
//! - [`RwaErc20`] at [`rwa_erc20_address`]: every RWA asset (and split-bond leg) as an ERC-20
//!   whose transfers run the RWA pallet's compliance.

mod bridge;
mod identity;
mod payments;
mod rwa;

pub use bridge::{BridgePrecompile, IMooringBridge, BRIDGE_PRECOMPILE_ADDRESS};
pub use identity::{IMooringIdentity, IdentityPrecompile, IDENTITY_PRECOMPILE_ADDRESS};
pub use payments::{
	IMooringPayments, PaymentsPrecompile, INVOICE_CANCELLED, INVOICE_EXPIRED, INVOICE_OPEN,
	INVOICE_PAID, PAYMENTS_PRECOMPILE_ADDRESS,
};
pub use rwa::{rwa_erc20_address, IMooringRwaToken, RwaErc20, RWA_ERC20_PREFIX};

use crate::*;
use alloc::format;
use pallet_revive::{
	precompiles::{
		alloy::{self, primitives::IntoLogData, sol_types::Revert},
		AddressMatcher, Error, Ext, Precompile, RuntimeCosts,
	},
	AddressMapper,
};
use polkadot_sdk::ethereum_standards::IERC20::IERC20Calls;
use polkadot_sdk::pallet_assets_precompiles::{InlineIdConfig, ERC20};
use polkadot_sdk::sp_core::H256;
use polkadot_sdk::sp_runtime::DispatchError;

/// The address prefix (bytes 16 and 17) of the `pallet-assets` ERC-20s: the same scheme as
/// Polkadot Asset Hub's trust-backed assets, so tools built for it find Mooring's.
pub const ASSETS_ERC20_PREFIX: u16 = 0x0120;

/// polkadot-sdk's ERC-20 over `pallet-assets` (with EIP-2612 `permit`), which [`AssetsErc20`]
/// serves behind Mooring's guards.
type UpstreamAssetsErc20 = ERC20<Runtime, InlineIdConfig<ASSETS_ERC20_PREFIX>>;

/// Every `pallet-assets` asset as an ERC-20 at [`asset_erc20_address`]: polkadot-sdk's
/// precompile, after Mooring's guards: no `msg.value`, the brakes on the equivalent
/// `Assets` call apply, and the address-mapping reads are charged.
pub struct AssetsErc20;

impl Precompile for AssetsErc20 {
	type T = Runtime;
	type Interface = IERC20Calls;
	const MATCHER: AddressMatcher = UpstreamAssetsErc20::MATCHER;
	const HAS_CONTRACT_INFO: bool = false;

	fn call(
		address: &[u8; 20],
		input: &Self::Interface,
		env: &mut impl Ext<T = Self::T>,
	) -> Result<alloc::vec::Vec<u8>, Error> {
		refuse_value(env)?;
		let id = u32::from_be_bytes([address[0], address[1], address[2], address[3]]);
		if let Some(call) = equivalent_assets_call(id, input) {
			ensure_not_braked(&call)?;
		}
		// The upstream precompile maps up to three addresses to accounts, uncharged.
		env.charge(db_reads(3))?;
		UpstreamAssetsErc20::call(address, input, env)
	}
}

/// The `Assets` call an ERC-20 call does, for the brakes (only its variant matters to them).
fn equivalent_assets_call(id: u32, input: &IERC20Calls) -> Option<RuntimeCall> {
	use pallet_assets::Call;
	let (id, anyone, amount) = (codec::Compact(id), AccountId::new([0; 32]), 0);
	let call = match input {
		IERC20Calls::transfer(_) => Call::transfer { id, target: anyone.into(), amount },
		IERC20Calls::transferFrom(_) => Call::transfer_approved {
			id,
			owner: anyone.clone().into(),
			destination: anyone.into(),
			amount,
		},
		IERC20Calls::approve(_) | IERC20Calls::permit(_) => {
			Call::approve_transfer { id, delegate: anyone.into(), amount }
		},
		_ => return None,
	};
	Some(RuntimeCall::Assets(call))
}

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

/// The proof one storage read adds at most, as FRAME's benchmarks estimate it (the key and the
/// item's largest encoding; e.g. 3,675 bytes for a `pallet-assets` account).
const PROOF_PER_READ: u64 = 4_096;

/// `count` uncached storage reads, with their proof.
fn db_reads(count: u64) -> Weight {
	<<Runtime as frame_system::Config>::DbWeight as frame_support::traits::Get<
		frame_support::weights::RuntimeDbWeight,
	>>::get()
	.reads(count)
	.saturating_add(Weight::from_parts(0, PROOF_PER_READ.saturating_mul(count)))
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

/// The account that called the precompile (a wallet or a contract).
fn caller(env: &mut impl Ext<T = Runtime>) -> Result<AccountId, Error> {
	Ok(env.caller().account_id().map_err(revert_with)?.clone())
}

/// The EVM address of `account` (pallet-revive's address mapping).
fn evm_address(account: &AccountId) -> alloy::primitives::Address {
	<Runtime as pallet_revive::Config>::AddressMapper::to_address(account).0.into()
}

/// An ABI amount as a balance, refused above `u128::MAX`.
fn to_balance(value: alloy::primitives::U256) -> Result<Balance, Error> {
	value.try_into().map_err(|_| Error::Revert("amount exceeds 2^128 - 1".into()))
}

/// Refuses BNB sent along: pallet-revive moves `msg.value` to the precompile's account before
/// the call, where nobody could spend it.
fn refuse_value(env: &impl Ext<T = Runtime>) -> Result<(), Error> {
	if !env.value_transferred().is_zero() {
		return Err(Error::Revert("not payable".into()));
	}
	Ok(())
}

/// Refuses what the runtime's call filter (tx-pause, safe mode) refuses as an extrinsic: a
/// precompile does `call`'s work, so a brake on `call` stops it from the EVM too.
fn ensure_not_braked(call: &RuntimeCall) -> Result<(), Error> {
	use frame_support::traits::Contains;
	if <Runtime as frame_system::Config>::BaseCallFilter::contains(call) {
		Ok(())
	} else {
		Err(Error::Revert("CallFiltered".into()))
	}
}
