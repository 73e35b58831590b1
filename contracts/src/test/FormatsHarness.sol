// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Formats} from "../lib/Formats.sol";

/// @title FormatsHarness
/// @notice Test-only: exposes the {Formats} library so that the shared test vectors
///         (`contracts/test-vectors/formats.json`) can be checked against it on anvil. Never deployed
///         to a real chain.
contract FormatsHarness {
    function withdrawalLeafHash(Formats.WithdrawalLeaf calldata leaf) external pure returns (bytes32) {
        return Formats.withdrawalLeafHash(leaf);
    }

    /// @notice The bytes the leaf hash is taken over.
    function withdrawalLeafPreimage(Formats.WithdrawalLeaf calldata leaf) external pure returns (bytes memory) {
        return Formats.withdrawalLeafPreimage(leaf);
    }

    function outputRoot(uint256 l1ChainId, address oracle, Formats.OutputRootPreimage calldata preimage)
        external
        pure
        returns (bytes32)
    {
        return Formats.outputRoot(l1ChainId, oracle, preimage);
    }

    /// @notice The bytes the output root is taken over.
    function outputRootPreimage(uint256 l1ChainId, address oracle, Formats.OutputRootPreimage calldata preimage)
        external
        pure
        returns (bytes memory)
    {
        return Formats.outputRootPreimage(l1ChainId, oracle, preimage);
    }

    function hashPair(bytes32 left, bytes32 right) external pure returns (bytes32) {
        return Formats.hashPair(left, right);
    }

    /// @notice Z[0..=32]: the roots of empty subtrees of height 0 to 32.
    function zeroHashes() external pure returns (bytes32[33] memory zeros) {
        for (uint256 h; h < 32; ++h) {
            zeros[h + 1] = Formats.hashPair(zeros[h], zeros[h]);
        }
    }

    function rootFromProof(bytes32 leafHash, uint256 index, bytes32[32] calldata proof)
        external
        pure
        returns (bytes32)
    {
        return Formats.rootFromProof(leafHash, index, proof);
    }

    function verifyWithdrawalProof(bytes32 leafHash, uint256 index, bytes32[32] calldata proof, bytes32 root)
        external
        pure
        returns (bool)
    {
        return Formats.verifyWithdrawalProof(leafHash, index, proof, root);
    }

    /// @notice The withdrawal root after each append of `leaves`, computed with the O(32) incremental
    ///         algorithm (eth2 deposit contract, without the length mix-in) that the bridge pallet uses.
    function incrementalRoots(bytes32[] calldata leaves) external pure returns (bytes32[] memory roots) {
        bytes32[32] memory zeros;
        for (uint256 h = 1; h < 32; ++h) {
            zeros[h] = Formats.hashPair(zeros[h - 1], zeros[h - 1]);
        }
        bytes32[32] memory branch;
        roots = new bytes32[](leaves.length);
        for (uint256 count; count < leaves.length; ++count) {
            // append leaves[count]
            bytes32 node = leaves[count];
            uint256 size = count + 1;
            for (uint256 h; h < 32; ++h) {
                if (size & 1 == 1) {
                    branch[h] = node;
                    break;
                }
                node = Formats.hashPair(branch[h], node);
                size >>= 1;
            }
            // root over count + 1 leaves
            node = bytes32(0);
            size = count + 1;
            for (uint256 h; h < 32; ++h) {
                node = size & 1 == 1 ? Formats.hashPair(branch[h], node) : Formats.hashPair(node, zeros[h]);
                size >>= 1;
            }
            roots[count] = node;
        }
    }

    function parseBatchHeader(bytes calldata batch) external pure returns (Formats.BatchHeader memory) {
        return Formats.parseBatchHeader(batch);
    }

    function chainFrameHash(bytes32 previous, bytes calldata frame) external pure returns (bytes32) {
        return Formats.chainFrameHash(previous, frame);
    }
}
