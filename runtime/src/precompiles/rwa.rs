//! `IMooringRwaToken` (`contracts/src/rwa/IMooringRwaToken.sol`): every RWA asset, and each
//! leg of a split bond, as an ERC-20 whose transfers run the RWA pallet's compliance, with
//! ERC-1400's `canTransfer` and ERC-3643's `paused` and `isFrozen`.

use super::{
	account_of, db_reads, deny_delegate_call, deny_state_change_if_read_only, emit, revert_with,
};
use crate::*;
use alloc::vec::Vec;
use core::num::NonZero;
use pallet_revive::{
	precompiles::{
		alloy::{self, primitives::U256, sol_types::SolCall},
		AddressMatcher, Error, Ext, Precompile,
	},
	AddressMapper,
};
use pallet_rwa::{RwaAssetId, RwaTransfer};
use polkadot_sdk::sp_core::H160;

alloy::sol! {
	/// An RWA asset as an ERC-20 with compliance.
	interface IMooringRwaToken {
		event Transfer(address indexed from, address indexed to, uint256 value);
		event Approval(address indexed owner, address indexed spender, uint256 value);
		function name() external view returns (string);
		function symbol() external view returns (string);
		function decimals() external view returns (uint8);
		function totalSupply() external view returns (uint256);
		function balanceOf(address account) external view returns (uint256);
		function allowance(address owner, address spender) external view returns (uint256);
		function transfer(address to, uint256 value) external returns (bool);
		function transferFrom(address from, address to, uint256 value) external returns (bool);
		function approve(address spender, uint256 value) external returns (bool);
		/// ERC-1400: the ERC-1066 code (0x51: it would succeed) and the refusal's reason.
		function canTransfer(address from, address to, uint256 value)
			external view returns (bytes1 code, bytes32 reason);
		/// ERC-3643: whether transfers are halted.
		function paused() external view returns (bool);
		/// ERC-3643: whether `account` may neither send nor receive.
		function isFrozen(address account) external view returns (bool);
	}
}

/// The address prefix (bytes 16 and 17) of the RWA assets' ERC-20s.
pub const RWA_ERC20_PREFIX: u16 = 0x0121;

/// The ERC-20 address of RWA asset `id`: like [`super::asset_erc20_address`] with
/// [`RWA_ERC20_PREFIX`] (asset 0 is `0x0000000000000000000000000000000001210000`).
pub const fn rwa_erc20_address(id: RwaAssetId) -> [u8; 20] {
	super::prefixed_address(id, RWA_ERC20_PREFIX)
}

/// Serves `IMooringRwaToken` for every RWA asset at [`rwa_erc20_address`].
pub struct RwaErc20;

type Calls = IMooringRwaToken::IMooringRwaTokenCalls;

impl Precompile for RwaErc20 {
	type T = Runtime;
	type Interface = Calls;
	const MATCHER: AddressMatcher = AddressMatcher::Prefix(NonZero::new(RWA_ERC20_PREFIX).unwrap());
	const HAS_CONTRACT_INFO: bool = false;

	fn call(
		address: &[u8; 20],
		input: &Self::Interface,
		env: &mut impl Ext<T = Self::T>,
	) -> Result<Vec<u8>, Error> {
		deny_delegate_call(env)?;
		let changes_state =
			matches!(input, Calls::transfer(_) | Calls::transferFrom(_) | Calls::approve(_));
		if changes_state {
			deny_state_change_if_read_only(env)?;
		}
		let asset = RwaAssetId::from_be_bytes([address[0], address[1], address[2], address[3]]);
		if let Calls::canTransfer(call) = input {
			return Self::can_transfer(asset, call, env);
		}
		env.charge(db_reads(1))?;
		if !<Rwa as RwaTransfer<AccountId>>::exists(asset) {
			return Err(Error::Revert("UnknownAsset".into()));
		}
		match input {
			Calls::name(_) | Calls::symbol(_) => Self::name_or_symbol(asset, input, env),
			Calls::decimals(_) => {
				let decimals = <Rwa as RwaTransfer<AccountId>>::decimals(asset).unwrap_or_default();
				Ok(IMooringRwaToken::decimalsCall::abi_encode_returns(&decimals))
			},
			Calls::totalSupply(_) => {
				let supply = U256::from(<Rwa as RwaTransfer<AccountId>>::total_supply(asset));
				Ok(IMooringRwaToken::totalSupplyCall::abi_encode_returns(&supply))
			},
			Calls::balanceOf(call) => {
				env.charge(db_reads(1))?;
				let balance = U256::from(<Rwa as RwaTransfer<AccountId>>::balance_of(
					asset,
					&account_of(call.account),
				));
				Ok(IMooringRwaToken::balanceOfCall::abi_encode_returns(&balance))
			},
			Calls::allowance(call) => {
				env.charge(db_reads(1))?;
				let (owner, spender) = (account_of(call.owner), account_of(call.spender));
				let allowance =
					U256::from(<Rwa as RwaTransfer<AccountId>>::allowance(asset, &owner, &spender));
				Ok(IMooringRwaToken::allowanceCall::abi_encode_returns(&allowance))
			},
			Calls::paused(_) => {
				env.charge(db_reads(1))?;
				Ok(IMooringRwaToken::pausedCall::abi_encode_returns(&<Rwa as RwaTransfer<
					AccountId,
				>>::is_paused(asset)))
			},
			Calls::isFrozen(call) => {
				env.charge(db_reads(2))?;
				let frozen =
					<Rwa as RwaTransfer<AccountId>>::is_frozen(asset, &account_of(call.account));
				Ok(IMooringRwaToken::isFrozenCall::abi_encode_returns(&frozen))
			},
			Calls::transfer(call) => Self::transfer(asset, call, env),
			Calls::transferFrom(call) => Self::transfer_from(asset, call, env),
			Calls::approve(call) => Self::approve(asset, call, env),
			Calls::canTransfer(_) => unreachable!("answered above"),
		}
	}
}

impl RwaErc20 {
	fn name_or_symbol(
		asset: RwaAssetId,
		input: &Calls,
		env: &mut impl Ext<T = Runtime>,
	) -> Result<Vec<u8>, Error> {
		env.charge(db_reads(1))?;
		let (name, symbol) =
			<Rwa as RwaTransfer<AccountId>>::name_and_symbol(asset).unwrap_or_default();
		let text = |bytes: Vec<u8>| {
			alloc::string::String::from_utf8(bytes)
				.map_err(|_| Error::Revert("the asset's metadata is not UTF-8".into()))
		};
		Ok(match input {
			Calls::name(_) => IMooringRwaToken::nameCall::abi_encode_returns(&text(name)?),
			_ => IMooringRwaToken::symbolCall::abi_encode_returns(&text(symbol)?),
		})
	}

	/// ERC-1400's question, answered by the pallet's own check (its worst case charged).
	fn can_transfer(
		asset: RwaAssetId,
		call: &IMooringRwaToken::canTransferCall,
		env: &mut impl Ext<T = Runtime>,
	) -> Result<Vec<u8>, Error> {
		env.charge(<Rwa as RwaTransfer<AccountId>>::max_transfer_weight())?;
		let amount = Self::balance(call.value)?;
		let status = <Rwa as RwaTransfer<AccountId>>::can_transfer(
			asset,
			&account_of(call.from),
			&account_of(call.to),
			amount,
		);
		let reason = status
			.refusal
			.as_ref()
			.map_or("", |refusal| <Rwa as RwaTransfer<AccountId>>::refusal_reason(refusal));
		let mut padded = [0u8; 32];
		let length = reason.len().min(32);
		padded[..length].copy_from_slice(&reason.as_bytes()[..length]);
		let returns = IMooringRwaToken::canTransferReturn {
			code: [status.code].into(),
			reason: padded.into(),
		};
		Ok(IMooringRwaToken::canTransferCall::abi_encode_returns(&returns))
	}

	fn transfer(
		asset: RwaAssetId,
		call: &IMooringRwaToken::transferCall,
		env: &mut impl Ext<T = Runtime>,
	) -> Result<Vec<u8>, Error> {
		let charged = env.charge(<Rwa as RwaTransfer<AccountId>>::max_transfer_weight())?;
		let from = Self::caller(env)?;
		let amount = Self::balance(call.value)?;
		let used = <Rwa as RwaTransfer<AccountId>>::transfer_checked(
			asset,
			&from,
			&account_of(call.to),
			amount,
		)
		.map_err(revert_with)?;
		env.adjust_gas(charged, used);
		let from = Self::address_of(&from);
		emit(env, IMooringRwaToken::Transfer { from, to: call.to, value: call.value })?;
		Ok(IMooringRwaToken::transferCall::abi_encode_returns(&true))
	}

	fn transfer_from(
		asset: RwaAssetId,
		call: &IMooringRwaToken::transferFromCall,
		env: &mut impl Ext<T = Runtime>,
	) -> Result<Vec<u8>, Error> {
		let charged = env.charge(<Rwa as RwaTransfer<AccountId>>::max_transfer_from_weight())?;
		let spender = Self::caller(env)?;
		let amount = Self::balance(call.value)?;
		let (from, to) = (account_of(call.from), account_of(call.to));
		let used = <Rwa as RwaTransfer<AccountId>>::transfer_from_checked(
			asset, &spender, &from, &to, amount,
		)
		.map_err(revert_with)?;
		env.adjust_gas(charged, used);
		let event = IMooringRwaToken::Transfer { from: call.from, to: call.to, value: call.value };
		emit(env, event)?;
		Ok(IMooringRwaToken::transferFromCall::abi_encode_returns(&true))
	}

	/// Sets the allowance (ERC-20 semantics); `type(uint256).max` saturates to the largest
	/// balance.
	fn approve(
		asset: RwaAssetId,
		call: &IMooringRwaToken::approveCall,
		env: &mut impl Ext<T = Runtime>,
	) -> Result<Vec<u8>, Error> {
		env.charge(<Rwa as RwaTransfer<AccountId>>::approve_weight())?;
		let owner = Self::caller(env)?;
		let amount = u128::try_from(call.value).unwrap_or(u128::MAX);
		<Rwa as RwaTransfer<AccountId>>::approve(asset, &owner, &account_of(call.spender), amount)
			.map_err(revert_with)?;
		let owner = Self::address_of(&owner);
		let event = IMooringRwaToken::Approval { owner, spender: call.spender, value: call.value };
		emit(env, event)?;
		Ok(IMooringRwaToken::approveCall::abi_encode_returns(&true))
	}

	fn caller(env: &mut impl Ext<T = Runtime>) -> Result<AccountId, Error> {
		Ok(env.caller().account_id().map_err(revert_with)?.clone())
	}

	fn address_of(account: &AccountId) -> alloy::primitives::Address {
		let address: H160 = <Runtime as pallet_revive::Config>::AddressMapper::to_address(account);
		address.0.into()
	}

	fn balance(value: U256) -> Result<Balance, Error> {
		value.try_into().map_err(|_| Error::Revert("amount exceeds 2^128 - 1".into()))
	}
}
