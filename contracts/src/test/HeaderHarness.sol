// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Blake2b} from "../lib/Blake2b.sol";
import {SubstrateHeader} from "../lib/SubstrateHeader.sol";

/// @title HeaderHarness
/// @notice Test-only: exposes the {Blake2b} and {SubstrateHeader} libraries so that their test vectors
///         (`contracts/test-vectors/substrate.json`) can be checked on anvil, and measures their gas.
///         Never deployed to a real chain.
contract HeaderHarness {
    /// @notice BLAKE2b-256 of `data`, hashed from calldata.
    function blake2b256(bytes calldata data) external view returns (bytes32) {
        return Blake2b.hashCalldata(data);
    }

    /// @notice BLAKE2b-256 of `data`, hashed from memory.
    function blake2b256Memory(bytes memory data) external view returns (bytes32) {
        return Blake2b.hash(data);
    }

    /// @notice BLAKE2b-256 of `data` and the gas the hashing took (from calldata).
    function blake2b256Gas(bytes calldata data) external view returns (bytes32 digest, uint256 gasUsed) {
        uint256 before = gasleft();
        digest = Blake2b.hashCalldata(data);
        gasUsed = before - gasleft();
    }

    function parseHeader(bytes calldata header)
        external
        pure
        returns (bytes32 parentHash, uint32 number, bytes32 stateRoot, bytes32 extrinsicsRoot)
    {
        return SubstrateHeader.parse(header);
    }

    function withdrawalsRoot(bytes calldata header) external pure returns (bool found, bytes32 root) {
        return SubstrateHeader.withdrawalsRoot(header);
    }

    function headerHash(bytes calldata header) external view returns (bytes32) {
        return SubstrateHeader.hash(header);
    }
}
