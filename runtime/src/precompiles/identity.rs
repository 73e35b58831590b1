//! `IMooringIdentity` (`contracts/src/identity/IMooringIdentity.sol`): the DID pallet's claim
//! check.

use super::{account_of, db_reads, refuse_value};
use crate::*;
use core::num::NonZero;
use mooring_primitives::identity::{ClaimSubject, ClaimVerifier, IssuerPolicy::SchemaDefault};
use pallet_revive::precompiles::{alloy, AddressMatcher, Error, Ext, Precompile};

alloy::sol! {
	/// Identity claims of the DID pallet.
	interface IMooringIdentity {
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
	}
}

/// The address of [`IdentityPrecompile`]: `0x000000000000000000000000000000000d1d0000`.
pub const IDENTITY_PRECOMPILE_ADDRESS: [u8; 20] = IdentityPrecompile::MATCHER.base_address();

/// Answers `IMooringIdentity` from the DID pallet. Read-only; charges the storage reads of the
/// worst case (a claim looked up at every issuer governance trusts for the schema).
pub struct IdentityPrecompile;

impl IdentityPrecompile {
	/// One claim check at its worst, every read uncached (the DID pallet's own count).
	fn claim_check_weight() -> Weight {
		<Did as ClaimVerifier<AccountId>>::claim_check_weight()
	}
}

impl Precompile for IdentityPrecompile {
	type T = Runtime;
	type Interface = IMooringIdentity::IMooringIdentityCalls;
	const MATCHER: AddressMatcher = AddressMatcher::Fixed(NonZero::new(0x0d1d).unwrap());
	const HAS_CONTRACT_INFO: bool = false;

	fn call(
		_address: &[u8; 20],
		input: &Self::Interface,
		env: &mut impl Ext<T = Self::T>,
	) -> Result<Vec<u8>, Error> {
		use alloy::sol_types::SolCall;
		use IMooringIdentity::IMooringIdentityCalls as Calls;
		refuse_value(env)?;
		match input {
			Calls::hasValidClaim(call) => {
				env.charge(Self::claim_check_weight().saturating_add(db_reads(1)))?;
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
			},
			Calls::didOf(call) => {
				env.charge(db_reads(2))?;
				let did = Did::did_of(&account_of(call.account));
				let returns = IMooringIdentity::didOfReturn {
					linked: did.is_some(),
					did: did.unwrap_or_default().into(),
				};
				Ok(IMooringIdentity::didOfCall::abi_encode_returns(&returns))
			},
		}
	}
}
