//! `IMooringPayments` (`contracts/src/payments/IMooringPayments.sol`): PayPIN handles and
//! invoices of the payments pallet for Solidity, enough for a checkout contract.

use super::{
	asset_erc20_address, caller, db_reads, deny_delegate_call, deny_state_change_if_read_only,
	emit, ensure_not_braked, evm_address as address_of, refuse_value, revert_with,
	to_balance as balance,
};
use crate::*;
use alloc::vec::Vec;
use core::num::NonZero;
use frame_support::BoundedVec;
use pallet_payments::{AssetKind, InvoiceState};
use pallet_revive::precompiles::{
	alloy::{
		self,
		primitives::{keccak256, Address, U256},
		sol_types::SolCall,
	},
	AddressMatcher, Error, Ext, Precompile,
};

alloy::sol! {
	/// PayPIN handles and invoices.
	interface IMooringPayments {
		event HandlePaid(
			bytes32 indexed handleHash,
			address indexed payer,
			address indexed to,
			address token,
			uint256 amount,
			bytes32 memo
		);
		event InvoicePaid(
			uint64 indexed id,
			address indexed payer,
			address indexed holder,
			address token,
			uint256 amount
		);
		function resolveHandle(string handle) external view returns (
			bool found, address owner, bytes32 did, address preferredToken, bool onlyPreferred
		);
		function payHandle(string handle, address token, uint256 amount, bytes32 memo)
			external returns (address to);
		function invoice(uint64 id) external view returns (
			bool found, address holder, address payer, address token, uint256 amount,
			uint64 due, bytes32 referenceHash, uint8 status
		);
		function payInvoice(uint64 id, uint256 amount) external;
	}
}

/// The address of [`PaymentsPrecompile`]: `0x000000000000000000000000000000000ca50000`.
pub const PAYMENTS_PRECOMPILE_ADDRESS: [u8; 20] = PaymentsPrecompile::MATCHER.base_address();

/// `invoice(id).status`: open.
pub const INVOICE_OPEN: u8 = 1;
/// `invoice(id).status`: paid.
pub const INVOICE_PAID: u8 = 2;
/// `invoice(id).status`: cancelled by its holder.
pub const INVOICE_CANCELLED: u8 = 3;
/// `invoice(id).status`: past due, unpaid.
pub const INVOICE_EXPIRED: u8 = 4;

/// Answers `IMooringPayments` from the payments pallet. Payments charge the pallet's
/// benchmarked `pay_handle` / `pay_invoice` weight (compliance lookups included); they run
/// every check of the pallet's calls but no fee sponsorship: the EVM caller paid its gas.
pub struct PaymentsPrecompile;

type Calls = IMooringPayments::IMooringPaymentsCalls;

impl Precompile for PaymentsPrecompile {
	type T = Runtime;
	type Interface = Calls;
	const MATCHER: AddressMatcher = AddressMatcher::Fixed(NonZero::new(0x0ca5).unwrap());
	const HAS_CONTRACT_INFO: bool = false;

	fn call(
		_address: &[u8; 20],
		input: &Self::Interface,
		env: &mut impl Ext<T = Self::T>,
	) -> Result<Vec<u8>, Error> {
		deny_delegate_call(env)?;
		refuse_value(env)?;
		match input {
			Calls::resolveHandle(call) => Self::resolve_handle(call, env),
			Calls::payHandle(call) => Self::pay_handle(call, env),
			Calls::invoice(call) => Self::invoice(call, env),
			Calls::payInvoice(call) => Self::pay_invoice(call, env),
		}
	}
}

impl PaymentsPrecompile {
	fn resolve_handle(
		call: &IMooringPayments::resolveHandleCall,
		env: &mut impl Ext<T = Runtime>,
	) -> Result<Vec<u8>, Error> {
		// The handle record, the owner's DID link, payer requirement and the reservation.
		env.charge(db_reads(4))?;
		let returns = match Payments::resolve_handle(call.handle.as_bytes()) {
			Ok(resolution) => IMooringPayments::resolveHandleReturn {
				found: true,
				owner: address_of(&resolution.owner),
				did: resolution.did.unwrap_or_default().into(),
				preferredToken: resolution.preferred.map(token_of).unwrap_or_default(),
				onlyPreferred: resolution.only_preferred,
			},
			Err(_) => IMooringPayments::resolveHandleReturn {
				found: false,
				owner: Address::ZERO,
				did: Default::default(),
				preferredToken: Address::ZERO,
				onlyPreferred: false,
			},
		};
		Ok(IMooringPayments::resolveHandleCall::abi_encode_returns(&returns))
	}

	fn pay_handle(
		call: &IMooringPayments::payHandleCall,
		env: &mut impl Ext<T = Runtime>,
	) -> Result<Vec<u8>, Error> {
		deny_state_change_if_read_only(env)?;
		env.charge(Payments::pay_handle_weight())?;
		let payer = caller(env)?;
		let asset = asset_of_token(call.token)?;
		let amount = balance(call.amount)?;
		let memo = (call.memo.0 != [0u8; 32]).then_some(call.memo.0);
		let handle = BoundedVec::truncate_from(call.handle.as_bytes().to_vec());
		let equivalent =
			pallet_payments::Call::pay_handle { handle, asset: asset.clone(), amount, memo };
		ensure_not_braked(&RuntimeCall::Payments(equivalent))?;
		let to =
			Payments::pay_handle_unsponsored(&payer, call.handle.as_bytes(), asset, amount, memo)
				.map_err(revert_with)?;
		let to = address_of(&to);
		let event = IMooringPayments::HandlePaid {
			handleHash: keccak256(call.handle.as_bytes()),
			payer: address_of(&payer),
			to,
			token: call.token,
			amount: call.amount,
			memo: call.memo,
		};
		emit(env, event)?;
		Ok(IMooringPayments::payHandleCall::abi_encode_returns(&to))
	}

	fn invoice(
		call: &IMooringPayments::invoiceCall,
		env: &mut impl Ext<T = Runtime>,
	) -> Result<Vec<u8>, Error> {
		env.charge(db_reads(2))?;
		let now = Payments::now();
		let returns = match pallet_payments::Invoices::<Runtime>::get(call.id) {
			Some(invoice) => IMooringPayments::invoiceReturn {
				found: true,
				holder: address_of(&invoice.holder),
				payer: invoice.payer.as_ref().map(address_of).unwrap_or_default(),
				token: token_of(invoice.asset.clone()),
				amount: U256::from(invoice.amount),
				due: invoice.due.unwrap_or(0),
				referenceHash: invoice.reference.into(),
				status: invoice_status(&invoice.state, invoice.due, now),
			},
			None => IMooringPayments::invoiceReturn {
				found: false,
				holder: Address::ZERO,
				payer: Address::ZERO,
				token: Address::ZERO,
				amount: U256::ZERO,
				due: 0,
				referenceHash: Default::default(),
				status: 0,
			},
		};
		Ok(IMooringPayments::invoiceCall::abi_encode_returns(&returns))
	}

	fn pay_invoice(
		call: &IMooringPayments::payInvoiceCall,
		env: &mut impl Ext<T = Runtime>,
	) -> Result<Vec<u8>, Error> {
		deny_state_change_if_read_only(env)?;
		env.charge(Payments::pay_invoice_weight())?;
		let payer = caller(env)?;
		let amount = balance(call.amount)?;
		let equivalent = pallet_payments::Call::pay_invoice { id: call.id, amount };
		ensure_not_braked(&RuntimeCall::Payments(equivalent))?;
		let holder =
			Payments::pay_invoice_unsponsored(&payer, call.id, amount).map_err(revert_with)?;
		let token = pallet_payments::Invoices::<Runtime>::get(call.id)
			.map(|invoice| token_of(invoice.asset))
			.unwrap_or_default();
		let event = IMooringPayments::InvoicePaid {
			id: call.id,
			payer: address_of(&payer),
			holder: address_of(&holder),
			token,
			amount: call.amount,
		};
		emit(env, event)?;
		Ok(Vec::new())
	}
}

/// The status code of an invoice at `now`.
fn invoice_status(state: &InvoiceState<AccountId>, due: Option<u64>, now: u64) -> u8 {
	match state {
		InvoiceState::Paid { .. } => INVOICE_PAID,
		InvoiceState::Cancelled => INVOICE_CANCELLED,
		InvoiceState::Open if due.is_some_and(|due| now > due) => INVOICE_EXPIRED,
		InvoiceState::Open => INVOICE_OPEN,
	}
}

/// The token address of a payment asset: `address(0)` for BNB, else the asset's ERC-20.
fn token_of(asset: AssetKind<u32>) -> Address {
	match asset {
		AssetKind::Native => Address::ZERO,
		AssetKind::Asset(id) => asset_erc20_address(id).into(),
	}
}

/// The payment asset a token address names: `address(0)` (BNB) or an asset's ERC-20.
fn asset_of_token(token: Address) -> Result<AssetKind<u32>, Error> {
	if token == Address::ZERO {
		return Ok(AssetKind::Native);
	}
	let bytes = token.into_array();
	let id = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
	if asset_erc20_address(id) != bytes {
		return Err(Error::Revert("token is neither BNB (address 0) nor an asset's ERC-20".into()));
	}
	Ok(AssetKind::Asset(id))
}
