// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Blake2b} from "./Blake2b.sol";

/// @title SubstrateHeader
/// @notice Reads a SCALE-encoded Substrate block header (`sp_runtime::generic::Header<u32, BlakeTwo256>`,
///         Mooring's L2 header) and computes its hash. The encoding is
///
///             parent_hash [u8; 32] | number Compact<u32> | state_root [u8; 32] | extrinsics_root [u8; 32]
///             | digest Vec<DigestItem>
///
///         and the block hash is BLAKE2b-256 of those bytes. The state root therefore sits right after
///         the 1, 2, 4 or 5 bytes of the compact number. The digest is decoded only by
///         {withdrawalsRoot}, which finds the log in which Mooring's bridge pallet commits the block's
///         withdrawals root (`mooring_primitives::bridge::withdrawals_root_log`). The number is decoded as parity-scale-codec decodes a `Compact<u32>`: the two low
///         bits of the first byte select the mode (0: one byte, 1: two bytes, 2: four bytes, little-endian,
///         value in the upper 6, 14 or 30 bits; 3: "big integer", upper 6 bits = byte count - 4, which
///         for a u32 must be 0, followed by the 4-byte little-endian value), and an encoding that a
///         smaller mode could hold is refused as non-canonical.
library SubstrateHeader {
    /// @notice The parent hash (32) + the shortest number (1) + both roots (64) + an empty digest (1).
    uint256 internal constant MIN_LENGTH = 98;

    /// @notice The tag that starts the 36-byte `DigestItem::Other` carrying the withdrawals root ("mwr0").
    bytes4 internal constant WITHDRAWALS_ROOT_LOG_TAG = 0x6d777230;

    /// @dev `DigestItem` variant indexes (sp_runtime::generic::DigestItemType).
    uint8 private constant DIGEST_OTHER = 0;
    uint8 private constant DIGEST_CONSENSUS = 4;
    uint8 private constant DIGEST_SEAL = 5;
    uint8 private constant DIGEST_PRE_RUNTIME = 6;
    uint8 private constant DIGEST_RUNTIME_ENVIRONMENT_UPDATED = 8;

    /// @notice The header is shorter than its fixed fields plus a digest length byte.
    error HeaderTooShort(uint256 length);
    /// @notice The block number is not a canonical SCALE `Compact<u32>`.
    error InvalidCompactNumber();
    /// @notice The digest is not a SCALE `Vec<DigestItem>` that ends inside the header.
    error InvalidDigest();

    /// @notice The fields of `header` up to the digest.
    function parse(bytes calldata header)
        internal
        pure
        returns (bytes32 parentHash, uint32 number, bytes32 stateRoot, bytes32 extrinsicsRoot)
    {
        uint256 length = header.length;
        if (length < MIN_LENGTH) revert HeaderTooShort(length);
        uint256 word; // bytes 32..64, big-endian: the compact number is at its top
        assembly ("memory-safe") {
            parentHash := calldataload(header.offset)
            word := calldataload(add(header.offset, 32))
        }
        uint256 numberLength;
        (number, numberLength) = _compactU32(word);
        uint256 rootsAt = 32 + numberLength;
        // Both roots and at least the digest's length byte follow the number.
        if (length < rootsAt + 65) revert HeaderTooShort(length);
        assembly ("memory-safe") {
            stateRoot := calldataload(add(header.offset, rootsAt))
            extrinsicsRoot := calldataload(add(add(header.offset, rootsAt), 32))
        }
    }

    /// @notice The withdrawals root `header` commits to: the first `DigestItem::Other` of its digest that
    ///         is 36 bytes long and starts with {WITHDRAWALS_ROOT_LOG_TAG}, followed by the root. `found`
    ///         is false if no log before it is such (Mooring's runtime writes exactly one in every
    ///         block), or if an item of a kind this library does not know comes first (its length
    ///         cannot be known, so the scan stops there rather than refuse the whole header). Reverts
    ///         with {InvalidDigest} if the digest runs past the end of the header.
    function withdrawalsRoot(bytes calldata header) internal pure returns (bool found, bytes32 root) {
        uint256 length = header.length;
        if (length < MIN_LENGTH) revert HeaderTooShort(length);
        uint256 word;
        assembly ("memory-safe") {
            word := calldataload(add(header.offset, 32))
        }
        (, uint256 numberLength) = _compactU32(word);
        uint256 offset = 32 + numberLength + 64;
        uint256 count;
        (count, offset) = _compactAt(header, offset);
        for (uint256 i; i < count; ++i) {
            if (offset >= length) revert InvalidDigest();
            uint8 kind = uint8(header[offset]);
            offset += 1;
            if (kind == DIGEST_RUNTIME_ENVIRONMENT_UPDATED) continue;
            if (kind == DIGEST_CONSENSUS || kind == DIGEST_SEAL || kind == DIGEST_PRE_RUNTIME) {
                offset += 4; // the consensus engine id
            } else if (kind != DIGEST_OTHER) {
                return (false, bytes32(0));
            }
            uint256 size;
            (size, offset) = _compactAt(header, offset);
            uint256 dataAt = offset;
            offset += size;
            if (offset > length) revert InvalidDigest();
            if (kind == DIGEST_OTHER && size == 36 && bytes4(header[dataAt:dataAt + 4]) == WITHDRAWALS_ROOT_LOG_TAG) {
                return (true, bytes32(header[dataAt + 4:dataAt + 36]));
            }
        }
    }

    /// @notice The block hash of `header`: BLAKE2b-256 of its bytes.
    function hash(bytes calldata header) internal view returns (bytes32) {
        return Blake2b.hashCalldata(header);
    }

    /// @dev Decodes the `Compact<u32>` at byte `offset` of `header`; returns it and the offset after it.
    ///      Reverts with {InvalidDigest} if it does not end inside the header.
    function _compactAt(bytes calldata header, uint256 offset) private pure returns (uint256 value, uint256 next) {
        if (offset >= header.length) revert InvalidDigest();
        uint256 word;
        assembly ("memory-safe") {
            word := calldataload(add(header.offset, offset))
        }
        uint256 used;
        (value, used) = _compactU32(word);
        next = offset + used;
        if (next > header.length) revert InvalidDigest();
    }

    /// @dev Decodes the `Compact<u32>` at the top of `word` (its bytes in order); returns the value and
    ///      how many bytes it takes.
    function _compactU32(uint256 word) private pure returns (uint32 value, uint256 length) {
        uint256 b0 = word >> 248;
        uint256 b1 = (word >> 240) & 0xff;
        uint256 b2 = (word >> 232) & 0xff;
        uint256 b3 = (word >> 224) & 0xff;
        uint256 mode = b0 & 3;
        if (mode == 0) return (uint32(b0 >> 2), 1);
        if (mode == 1) {
            uint256 v = (b0 | (b1 << 8)) >> 2;
            if (v < 1 << 6) revert InvalidCompactNumber();
            return (uint32(v), 2);
        }
        if (mode == 2) {
            uint256 v = (b0 | (b1 << 8) | (b2 << 16) | (b3 << 24)) >> 2;
            if (v < 1 << 14) revert InvalidCompactNumber();
            return (uint32(v), 4);
        }
        // Big-integer mode: a u32 has exactly 4 bytes after the prefix, so the prefix must be 0b000000_11.
        if (b0 != 3) revert InvalidCompactNumber();
        uint256 b4 = (word >> 216) & 0xff;
        uint256 big = b1 | (b2 << 8) | (b3 << 16) | (b4 << 24);
        if (big < 1 << 30) revert InvalidCompactNumber();
        return (uint32(big), 5);
    }
}
