//! `IMooringBridge` (`contracts/src/bridge/IMooringBridge.sol`): withdrawals to BNB Chain
//! started from an Ethereum wallet or a contract, the bridge pallet's `withdraw`.

use super::{
	caller, db_reads, deny_delegate_call, deny_state_change_if_read_only, emit, ensure_not_braked,
	evm_address, refuse_value, revert_with, to_balance,
};
use crate::*;
use alloc::vec::Vec;
use core::num::NonZero;
use pallet_bridge::{BridgeAsset, WeightInfo as _, MAX_COMPLETED_LEVELS};
use pallet_revive::precompiles::{
	alloy::{self, sol_types::SolCall},
	AddressMatcher, Error, Ext, Precompile,
};

alloy::sol! {
	/// Withdrawals from Mooring to BNB Chain.
	interface IMooringBridge {
		/// A withdrawal was recorded; the Portal on BNB Chain pays it once an output root
		/// covering this block is final (`docs/developer.md`, "Withdraw to BNB Chain").
		event WithdrawalInitiated(
			uint64 indexed nonce,
			address indexed sender,
			address indexed l1Recipient,
			address l1Token,
			uint256 amount,
			bytes32 leafHash
		);
		/// Burns `amount` of what `l1Token` bridges to (`address(0)`: BNB, in wei) from the
		/// caller and records its withdrawal to `l1Recipient`. Not payable; stopped, like
		/// `Bridge.withdraw`, when governance pauses that call.
		function withdraw(address l1Recipient, address l1Token, uint256 amount)
			external returns (uint64 nonce);
		/// Whether deposits of `l1Token` are credited on Mooring, and the ERC-20 they credit
		/// (`address(0)` for BNB, the native coin).
		function l2TokenOf(address l1Token) external view returns (bool bridged, address l2Token);
	}
}

/// The address of [`BridgePrecompile`]: `0x000000000000000000000000000000000b1d0000`.
pub const BRIDGE_PRECOMPILE_ADDRESS: [u8; 20] = BridgePrecompile::MATCHER.base_address();

/// Answers `IMooringBridge` from the bridge pallet; charges its `withdraw` benchmark at the
/// most tree levels an append completes, then refunds down to the levels completed.
pub struct BridgePrecompile;

type BridgeWeights = <Runtime as pallet_bridge::Config>::WeightInfo;

impl Precompile for BridgePrecompile {
	type T = Runtime;
	type Interface = IMooringBridge::IMooringBridgeCalls;
	const MATCHER: AddressMatcher = AddressMatcher::Fixed(NonZero::new(0x0b1d).unwrap());
	const HAS_CONTRACT_INFO: bool = false;

	fn call(
		_address: &[u8; 20],
		input: &Self::Interface,
		env: &mut impl Ext<T = Self::T>,
	) -> Result<Vec<u8>, Error> {
		use IMooringBridge::IMooringBridgeCalls as Calls;
		deny_delegate_call(env)?;
		refuse_value(env)?;
		match input {
			Calls::withdraw(call) => Self::withdraw(call, env),
			Calls::l2TokenOf(call) => {
				env.charge(db_reads(2))?;
				let returns = match Bridge::asset_of(call.l1Token.into_array()) {
					Some(BridgeAsset::Native) => IMooringBridge::l2TokenOfReturn {
						bridged: true,
						l2Token: Default::default(),
					},
					Some(BridgeAsset::Asset(id)) => IMooringBridge::l2TokenOfReturn {
						bridged: true,
						l2Token: super::asset_erc20_address(id).into(),
					},
					None => IMooringBridge::l2TokenOfReturn {
						bridged: false,
						l2Token: Default::default(),
					},
				};
				Ok(IMooringBridge::l2TokenOfCall::abi_encode_returns(&returns))
			},
		}
	}
}

impl BridgePrecompile {
	fn withdraw(
		call: &IMooringBridge::withdrawCall,
		env: &mut impl Ext<T = Runtime>,
	) -> Result<Vec<u8>, Error> {
		deny_state_change_if_read_only(env)?;
		// The benchmark, and the token lookup and the caller's address mapping it leaves out.
		let worst = BridgeWeights::withdraw(MAX_COMPLETED_LEVELS).saturating_add(db_reads(2));
		let charged = env.charge(worst)?;
		let sender = caller(env)?;
		let amount = to_balance(call.amount)?;
		let l1_recipient = call.l1Recipient.into_array();
		let asset = Bridge::asset_of(call.l1Token.into_array())
			.ok_or_else(|| Error::Revert("l1Token is not bridged".into()))?;
		let equivalent = pallet_bridge::Call::withdraw { l1_recipient, asset, amount };
		ensure_not_braked(&RuntimeCall::Bridge(equivalent))?;
		let receipt = Bridge::initiate_withdrawal(&sender, l1_recipient, &asset, amount)
			.map_err(revert_with)?;
		let used = BridgeWeights::withdraw(receipt.completed_levels).saturating_add(db_reads(2));
		env.adjust_gas(charged, used);

		let sender_address = evm_address(&sender);
		let event = IMooringBridge::WithdrawalInitiated {
			nonce: receipt.nonce,
			sender: sender_address,
			l1Recipient: call.l1Recipient,
			l1Token: call.l1Token,
			amount: call.amount,
			leafHash: receipt.leaf_hash.0.into(),
		};
		emit(env, event)?;
		Ok(IMooringBridge::withdrawCall::abi_encode_returns(&receipt.nonce))
	}
}
