// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IMooringIdentity
/// @notice The DID pallet's claim check, as a precompile on Mooring at
///         0x000000000000000000000000000000000d1d0000. Claims come from `did:mooring` credential
///         attestations; only issuers that governance trusts for a schema count.
interface IMooringIdentity {
    /// @notice Whether `account` holds a claim of `schema`, valid now (not expired, revoked or
    ///         suspended), from a trusted issuer, and the claim's attributes.
    /// @return valid Whether such a claim exists; every other field is zero if not.
    /// @return kycTier The KYC tier the claim states (0 = none).
    /// @return jurisdiction ISO 3166-1 alpha-2 country code, e.g. "SG", or zero.
    /// @return accredited Whether the subject is an accredited investor.
    /// @return expiresAt Expiry in Unix milliseconds, 0 if it never expires.
    /// @return issuer The method-specific id of the issuer's DID.
    function hasValidClaim(address account, bytes32 schema)
        external
        view
        returns (bool valid, uint8 kycTier, bytes2 jurisdiction, bool accredited, uint64 expiresAt, bytes32 issuer);

    /// @notice The DID `account` acts for, if it is linked to one.
    function didOf(address account) external view returns (bool linked, bytes32 did);

    /// @notice A DID-authorised call submitted through `submitDidCall` succeeded.
    event DidCallDispatched(bytes32 indexed did, uint64 nonce, address indexed submitter);

    /// @notice Dispatches a DID-authorised call of the DID pallet with the calling wallet as its
    ///         submitter, as the `Did.submit_did_call` extrinsic does: e.g. `Did.link_account`,
    ///         signed by the DID's key, links the wallet to the DID so the DID's claims count
    ///         for it. Logs `DidCallDispatched`.
    /// @dev Only an externally owned account may call it (a contract relaying others' calldata
    ///      would pay the deposits of calls it does not control), only for calls of the DID
    ///      pallet, `didCall` at most 16 KiB. Reverts, with the pallet's error name as reason,
    ///      if the call is refused (`WrongSubmitter`, `NonceAlreadyUsed`, `DidCallExpired`,
    ///      `InvalidSignature`...) or the inner call fails; the DID call's nonce is then unused.
    ///      Gas: `Did.submit_did_call`'s weight.
    /// @param didCall SCALE encoding of `pallet_did::DidAuthorizedCall` (did, key id, runtime
    ///        call, nonce, last block, submitter = the caller's account).
    /// @param signature SCALE encoding of `pallet_did::DidSignature` over
    ///        `SCALE(("mooring/did-call", genesis hash, didCall))`.
    function submitDidCall(bytes calldata didCall, bytes calldata signature) external;
}

/// @dev The precompile's address.
IMooringIdentity constant MOORING_IDENTITY = IMooringIdentity(0x000000000000000000000000000000000D1D0000);
