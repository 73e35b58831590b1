// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {MOORING_IDENTITY} from "./IMooringIdentity.sol";

/// @title KycGate
/// @notice Example: a registry only accounts with a valid KYC claim of at least `minTier` may
///         join, checked through the Mooring identity precompile.
contract KycGate {
    bytes32 public immutable schema;
    uint8 public immutable minTier;
    mapping(address => bool) public members;

    error NoValidClaim(address account);
    error TierTooLow(address account, uint8 tier);

    event Joined(address indexed account, uint8 kycTier, bytes2 jurisdiction);

    constructor(bytes32 schema_, uint8 minTier_) {
        schema = schema_;
        minTier = minTier_;
    }

    /// @notice Joins if the caller holds a valid claim of `schema` with a high enough tier.
    function join() external {
        (bool valid, uint8 tier, bytes2 jurisdiction,,,) = MOORING_IDENTITY.hasValidClaim(msg.sender, schema);
        if (!valid) revert NoValidClaim(msg.sender);
        if (tier < minTier) revert TierTooLow(msg.sender, tier);
        members[msg.sender] = true;
        emit Joined(msg.sender, tier, jurisdiction);
    }
}
