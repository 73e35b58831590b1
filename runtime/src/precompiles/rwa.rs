//! `IMooringRwaToken` (`contracts/src/rwa/IMooringRwaToken.sol`): every RWA asset, and each
//! leg of a split bond, as an ERC-20 whose transfers run the RWA pallet's compliance, with
//! ERC-1400's `canTransfer` and ERC-3643's `paused` and `isFrozen`.

use super::{
	account_of, caller, db_reads, deny_delegate_call, deny_state_change_if_read_only, emit,
	ensure_not_braked, evm_address, refuse_value, revert_with, to_balance,
};
use crate::*;
use alloc::vec::Vec;
use core::num::NonZero;
use pallet_revive::precompiles::{
	alloy::{self, primitives::U256, sol_types::SolCall},
	AddressMatcher, Error, Ext, Precompile,
};
use pallet_rwa::{RwaAssetId, RwaTransfer};

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
		refuse_value(env)?;
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
		if !Rwa::exists(asset) {
			return Err(Error::Revert("UnknownAsset".into()));
		}
		match input {
			Calls::name(_) | Calls::symbol(_) => Self::name_or_symbol(asset, input, env),
			Calls::decimals(_) => {
				env.charge(db_reads(1))?;
				let decimals = Rwa::decimals(asset).unwrap_or_default();
				Ok(IMooringRwaToken::decimalsCall::abi_encode_returns(&decimals))
			},
			Calls::totalSupply(_) => {
				env.charge(db_reads(1))?;
				let supply = U256::from(Rwa::total_supply(asset));
				Ok(IMooringRwaToken::totalSupplyCall::abi_encode_returns(&supply))
			},
			Calls::balanceOf(call) => {
				env.charge(db_reads(2))?;
				let balance = U256::from(Rwa::balance_of(asset, &account_of(call.account)));
				Ok(IMooringRwaToken::balanceOfCall::abi_encode_returns(&balance))
			},
			Calls::allowance(call) => {
				env.charge(db_reads(3))?;
				let (owner, spender) = (account_of(call.owner), account_of(call.spender));
				let allowance = U256::from(Rwa::allowance(asset, &owner, &spender));
				Ok(IMooringRwaToken::allowanceCall::abi_encode_returns(&allowance))
			},
			Calls::paused(_) => {
				env.charge(db_reads(2))?;
				Ok(IMooringRwaToken::pausedCall::abi_encode_returns(&<Rwa as RwaTransfer<
					AccountId,
				>>::is_paused(asset)))
			},
			Calls::isFrozen(call) => {
				env.charge(db_reads(4))?;
				let frozen = Rwa::is_frozen(asset, &account_of(call.account));
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
		let (name, symbol) = Rwa::name_and_symbol(asset).unwrap_or_default();
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
		let mapping = db_reads(2);
		env.charge(Rwa::max_transfer_weight().saturating_add(mapping))?;
		let amount = to_balance(call.value)?;
		let status = Rwa::can_transfer(asset, &account_of(call.from), &account_of(call.to), amount);
		let reason = status.refusal.as_ref().map_or("", |refusal| Rwa::refusal_reason(refusal));
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
		// The benchmark, and the receiver's address mapping it leaves out.
		let worst = Rwa::max_transfer_weight().saturating_add(db_reads(1));
		let charged = env.charge(worst)?;
		let (from, to, amount) = (caller(env)?, account_of(call.to), to_balance(call.value)?);
		let equivalent = pallet_rwa::Call::transfer { asset, to: to.clone(), amount };
		ensure_not_braked(&RuntimeCall::Rwa(equivalent))?;
		let used = Rwa::transfer_checked(asset, &from, &to, amount).map_err(revert_with)?;
		env.adjust_gas(charged, used.saturating_add(db_reads(1)));
		let from = evm_address(&from);
		emit(env, IMooringRwaToken::Transfer { from, to: call.to, value: call.value })?;
		Ok(IMooringRwaToken::transferCall::abi_encode_returns(&true))
	}

	fn transfer_from(
		asset: RwaAssetId,
		call: &IMooringRwaToken::transferFromCall,
		env: &mut impl Ext<T = Runtime>,
	) -> Result<Vec<u8>, Error> {
		let worst = Rwa::max_transfer_from_weight().saturating_add(db_reads(2));
		let charged = env.charge(worst)?;
		let spender = caller(env)?;
		let (from, to, amount) =
			(account_of(call.from), account_of(call.to), to_balance(call.value)?);
		let equivalent =
			pallet_rwa::Call::transfer_from { asset, from: from.clone(), to: to.clone(), amount };
		ensure_not_braked(&RuntimeCall::Rwa(equivalent))?;
		let used =
			Rwa::transfer_from_checked(asset, &spender, &from, &to, amount).map_err(revert_with)?;
		env.adjust_gas(charged, used.saturating_add(db_reads(2)));
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
		env.charge(Rwa::approve_weight().saturating_add(db_reads(1)))?;
		let (owner, spender) = (caller(env)?, account_of(call.spender));
		let amount = u128::try_from(call.value).unwrap_or(u128::MAX);
		let equivalent = pallet_rwa::Call::approve { asset, spender: spender.clone(), amount };
		ensure_not_braked(&RuntimeCall::Rwa(equivalent))?;
		<Rwa as RwaTransfer<AccountId>>::approve(asset, &owner, &spender, amount)
			.map_err(revert_with)?;
		let owner = evm_address(&owner);
		let event = IMooringRwaToken::Approval { owner, spender: call.spender, value: call.value };
		emit(env, event)?;
		Ok(IMooringRwaToken::approveCall::abi_encode_returns(&true))
	}
}
