//! `IMooringIdentity` (`contracts/src/identity/IMooringIdentity.sol`): the DID pallet's claim
//! check, and DID-authorised calls submitted by an Ethereum wallet.

use super::{
	account_of, caller, db_reads, deny_delegate_call, deny_state_change_if_read_only, emit,
	ensure_not_braked, evm_address, refuse_value, revert_with,
};
use crate::*;
use alloc::{boxed::Box, vec::Vec};
use codec::{DecodeAll, DecodeLimit};
use core::num::NonZero;
use mooring_primitives::identity::{ClaimSubject, ClaimVerifier, IssuerPolicy::SchemaDefault};
use pallet_did::{DidCallOf, DidSignature};
use pallet_revive::precompiles::{
	alloy::{self, sol_types::SolCall},
	AddressMatcher, Error, Ext, Precompile,
};

alloy::sol! {
	/// Identity claims of the DID pallet.
	interface IMooringIdentity {
		/// A DID-authorised call submitted through `submitDidCall` succeeded.
		event DidCallDispatched(bytes32 indexed did, uint64 nonce, address indexed submitter);
		/// Whether `account` holds a claim of `schema`, valid now, from an issuer governance
		/// trusts for the schema; and the claim's attributes.
		function hasValidClaim(address account, bytes32 schema) external view returns (
			bool valid,
			uint8 kycTier,
			bytes2 jurisdiction,
			bool accredited,
			uint64 expiresAt,
			bytes32 issuer
		);
		/// The DID `account` acts for, if it is linked to one.
		function didOf(address account) external view returns (bool linked, bytes32 did);
		/// `Did.submit_did_call` of a DID-pallet call, with the calling wallet as submitter.
		function submitDidCall(bytes didCall, bytes signature) external;
	}
}

/// The address of [`IdentityPrecompile`]: `0x000000000000000000000000000000000d1d0000`.
pub const IDENTITY_PRECOMPILE_ADDRESS: [u8; 20] = IdentityPrecompile::MATCHER.base_address();

/// The longest `didCall` `submitDidCall` decodes: several times the largest DID-pallet call
/// this runtime's bounds allow, so that decoding stays cheap before anything is charged.
pub const MAX_DID_CALL_BYTES: usize = 16 * 1024;

/// How deeply nested a `didCall` may decode (a DID-pallet call needs fewer than ten levels).
const MAX_DID_CALL_DEPTH: u32 = 16;

/// Answers `IMooringIdentity` from the DID pallet. The views charge the storage reads of the
/// worst case (a claim looked up at every issuer governance trusts for the schema);
/// `submitDidCall` charges what the `Did.submit_did_call` extrinsic is charged, refunded to
/// what it used.
pub struct IdentityPrecompile;

type Calls = IMooringIdentity::IMooringIdentityCalls;

impl Precompile for IdentityPrecompile {
	type T = Runtime;
	type Interface = Calls;
	const MATCHER: AddressMatcher = AddressMatcher::Fixed(NonZero::new(0x0d1d).unwrap());
	const HAS_CONTRACT_INFO: bool = false;

	fn call(
		_address: &[u8; 20],
		input: &Self::Interface,
		env: &mut impl Ext<T = Self::T>,
	) -> Result<Vec<u8>, Error> {
		refuse_value(env)?;
		match input {
			Calls::hasValidClaim(call) => Self::has_valid_claim(call, env),
			Calls::didOf(call) => Self::did_of(call, env),
			Calls::submitDidCall(call) => Self::submit_did_call(call, env),
		}
	}
}

impl IdentityPrecompile {
	fn has_valid_claim(
		call: &IMooringIdentity::hasValidClaimCall,
		env: &mut impl Ext<T = Runtime>,
	) -> Result<Vec<u8>, Error> {
		// One claim check at its worst, every read uncached (the DID pallet's own count).
		let claim_check = <Did as ClaimVerifier<AccountId>>::claim_check_weight();
		env.charge(claim_check.saturating_add(db_reads(1)))?;
		let subject = ClaimSubject::Account(account_of(call.account));
		let claim = Did::valid_claim(&subject, &call.schema.0, SchemaDefault, Did::now());
		let returns = match claim {
			Some(claim) => IMooringIdentity::hasValidClaimReturn {
				valid: true,
				kycTier: claim.kyc_tier,
				jurisdiction: claim.jurisdiction.unwrap_or_default().into(),
				accredited: claim.accredited,
				expiresAt: claim.expires_at.unwrap_or(0),
				issuer: claim.issuer.into(),
			},
			None => IMooringIdentity::hasValidClaimReturn {
				valid: false,
				kycTier: 0,
				jurisdiction: Default::default(),
				accredited: false,
				expiresAt: 0,
				issuer: Default::default(),
			},
		};
		Ok(IMooringIdentity::hasValidClaimCall::abi_encode_returns(&returns))
	}

	fn did_of(
		call: &IMooringIdentity::didOfCall,
		env: &mut impl Ext<T = Runtime>,
	) -> Result<Vec<u8>, Error> {
		env.charge(db_reads(2))?;
		let did = Did::did_of(&account_of(call.account));
		let returns = IMooringIdentity::didOfReturn {
			linked: did.is_some(),
			did: did.unwrap_or_default().into(),
		};
		Ok(IMooringIdentity::didOfCall::abi_encode_returns(&returns))
	}

	/// Verifies and dispatches a SCALE-encoded DID call for the calling wallet, as the
	/// extrinsic does, and logs it. Only a DID-pallet call, only from an externally owned
	/// account (a contract relaying others' calldata must not become a submitter whose balance
	/// pays their deposits). Unlike the extrinsic it reverts when the inner call fails, with
	/// the inner call's error as reason: the DID call's nonce stays unused.
	fn submit_did_call(
		call: &IMooringIdentity::submitDidCallCall,
		env: &mut impl Ext<T = Runtime>,
	) -> Result<Vec<u8>, Error> {
		deny_delegate_call(env)?;
		deny_state_change_if_read_only(env)?;
		if !env.caller_is_origin(false) {
			return Err(Error::Revert("only a wallet may submit a DID call".into()));
		}
		let (did_call, signature) = decode_did_call(call)?;
		// The call filter's reads (tx-pause, safe mode) come on top of the extrinsic's weight.
		let weight = Did::did_call_weight(&did_call, &signature).saturating_add(db_reads(2));
		let charged = env.charge(weight)?;
		let submitter = caller(env)?;
		ensure_not_braked(&RuntimeCall::Did(pallet_did::Call::submit_did_call {
			did_call: Box::new(did_call.clone()),
			signature: signature.clone(),
		}))?;
		let (did, nonce) = (did_call.did, did_call.nonce);
		let (result, used) = match Did::dispatch_did_call(&submitter, did_call, &signature) {
			Ok(dispatched) => dispatched,
			Err(refused) => {
				// Refused before the inner call ran: only the verification was spent.
				env.adjust_gas(charged, Did::did_call_overhead(&signature, call.didCall.len()));
				return Err(revert_with(refused));
			},
		};
		env.adjust_gas(charged, used.saturating_add(db_reads(2)));
		result.map_err(revert_with)?;
		let submitter = evm_address(&submitter);
		emit(env, IMooringIdentity::DidCallDispatched { did: did.into(), nonce, submitter })?;
		Ok(Vec::new())
	}
}

/// The DID call and signature of `submitDidCall`, refused if malformed, longer than
/// [`MAX_DID_CALL_BYTES`] or not a call of the DID pallet.
fn decode_did_call(
	call: &IMooringIdentity::submitDidCallCall,
) -> Result<(DidCallOf<Runtime>, DidSignature), Error> {
	if call.didCall.len() > MAX_DID_CALL_BYTES {
		return Err(Error::Revert("didCall too long".into()));
	}
	let did_call = DidCallOf::<Runtime>::decode_all_with_depth_limit(
		MAX_DID_CALL_DEPTH,
		&mut &call.didCall[..],
	)
	.map_err(|_| Error::Revert("malformed didCall".into()))?;
	if !matches!(did_call.call, RuntimeCall::Did(_)) {
		return Err(Error::Revert("not a call of the DID pallet".into()));
	}
	let signature = DidSignature::decode_all(&mut &call.signature[..])
		.map_err(|_| Error::Revert("malformed signature".into()))?;
	Ok((did_call, signature))
}
