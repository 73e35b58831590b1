// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Blake2b
/// @notice BLAKE2b-256 (RFC 7693: unkeyed, 32-byte digest) of arbitrary bytes, the hash Substrate
///         chains use for block hashes (`BlakeTwo256`). Each 128-byte block is one call to the EIP-152
///         BLAKE2b compression precompile at address 0x09 (on BNB Smart Chain since Ethereum's Istanbul,
///         on anvil, on every Ethereum chain), with the 12 rounds BLAKE2b prescribes.
///
///         The precompile takes 213 bytes: rounds (u32, big-endian) | h (8 x u64, little-endian) |
///         m (16 x u64, little-endian) | t (2 x u64, little-endian: the byte counter) | f (1 byte: 1 for
///         the final block) and returns the new h (64 bytes). The state h is kept in memory exactly in that
///         layout, so the precompile writes its result back in place and the digest is the first 32
///         bytes of the final h. Data of n bytes is cut into ceil(n / 128) blocks (one all-zero block if
///         n = 0); every block but the last is compressed with t = the bytes consumed so far and f = 0;
///         the last one, zero-padded, with t = n and f = 1.
///
///         Gas: one precompile call per 128 bytes, 12 gas for the rounds plus the call and the copy.
library Blake2b {
    /// @notice The EIP-152 precompile.
    address internal constant PRECOMPILE = address(0x09);
    /// @notice BLAKE2b's 12 rounds, as the precompile's big-endian u32 in the top 4 bytes of a word.
    uint256 private constant ROUNDS_WORD = 12 << 224;
    /// @dev The initial state h[0..3] / h[4..7] as little-endian u64s: BLAKE2b's IV with the parameter
    ///      block of an unkeyed 32-byte digest (h[0] ^= 0x01010020) folded in.
    uint256 private constant IV_LOW = 0x28c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5;
    uint256 private constant IV_HIGH = 0xd182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b;

    /// @notice The precompile at 0x09 failed or is missing on this chain (a call to an empty account
    ///         succeeds with no output; that is refused too).
    error Blake2bPrecompileFailed();

    /// @notice BLAKE2b-256 of `data` (in calldata).
    function hashCalldata(bytes calldata data) internal view returns (bytes32 digest) {
        bool ok;
        assembly ("memory-safe") {
            // Scratch space past the free memory pointer (not allocated: nothing outlives this block):
            // [0, 4) rounds | [4, 68) h | [68, 196) m | [196, 212) t | [212] f, and writes up to 228.
            let buf := mload(0x40)
            mstore(buf, ROUNDS_WORD)
            mstore(add(buf, 4), IV_LOW)
            mstore(add(buf, 36), IV_HIGH)
            let m := add(buf, 68)
            let counter := add(buf, 196)
            let length := data.length
            let done := 0
            ok := 1
            // Every block but the last: exactly 128 bytes, f = 0.
            for {} gt(sub(length, done), 128) {} {
                calldatacopy(m, add(data.offset, done), 128)
                done := add(done, 128)
                mstore(counter, shl(192, le64(done))) // t and f = 0 (the word spans both)
                let success := staticcall(gas(), 0x09, buf, 213, add(buf, 4), 64)
                ok := and(ok, and(success, eq(returndatasize(), 64)))
            }
            // The last block: the 0..=128 remaining bytes, zero-padded, t = length, f = 1.
            mstore(m, 0)
            mstore(add(m, 32), 0)
            mstore(add(m, 64), 0)
            mstore(add(m, 96), 0)
            calldatacopy(m, add(data.offset, done), sub(length, done))
            mstore(counter, shl(192, le64(length)))
            mstore8(add(buf, 212), 1)
            let success := staticcall(gas(), 0x09, buf, 213, add(buf, 4), 64)
            ok := and(ok, and(success, eq(returndatasize(), 64)))
            digest := mload(add(buf, 4))

            /// The little-endian byte order of the u64 `v`, as a u64.
            function le64(v) -> r {
                v := or(shr(8, and(v, 0xff00ff00ff00ff00)), shl(8, and(v, 0x00ff00ff00ff00ff)))
                v := or(shr(16, and(v, 0xffff0000ffff0000)), shl(16, and(v, 0x0000ffff0000ffff)))
                r := or(shr(32, v), shl(32, and(v, 0xffffffff)))
            }
        }
        if (!ok) revert Blake2bPrecompileFailed();
    }

    /// @notice BLAKE2b-256 of `data` (in memory).
    function hash(bytes memory data) internal view returns (bytes32 digest) {
        bool ok;
        assembly ("memory-safe") {
            // Same layout as in {hashCalldata}, past the free memory pointer (and so past `data`).
            let buf := mload(0x40)
            mstore(buf, ROUNDS_WORD)
            mstore(add(buf, 4), IV_LOW)
            mstore(add(buf, 36), IV_HIGH)
            let m := add(buf, 68)
            let counter := add(buf, 196)
            let length := mload(data)
            let source := add(data, 32)
            let done := 0
            ok := 1
            for {} gt(sub(length, done), 128) {} {
                mcopy(m, add(source, done), 128)
                done := add(done, 128)
                mstore(counter, shl(192, le64(done)))
                let success := staticcall(gas(), 0x09, buf, 213, add(buf, 4), 64)
                ok := and(ok, and(success, eq(returndatasize(), 64)))
            }
            mstore(m, 0)
            mstore(add(m, 32), 0)
            mstore(add(m, 64), 0)
            mstore(add(m, 96), 0)
            mcopy(m, add(source, done), sub(length, done))
            mstore(counter, shl(192, le64(length)))
            mstore8(add(buf, 212), 1)
            let success := staticcall(gas(), 0x09, buf, 213, add(buf, 4), 64)
            ok := and(ok, and(success, eq(returndatasize(), 64)))
            digest := mload(add(buf, 4))

            function le64(v) -> r {
                v := or(shr(8, and(v, 0xff00ff00ff00ff00)), shl(8, and(v, 0x00ff00ff00ff00ff)))
                v := or(shr(16, and(v, 0xffff0000ffff0000)), shl(16, and(v, 0x0000ffff0000ffff)))
                r := or(shr(32, v), shl(32, and(v, 0xffffffff)))
            }
        }
        if (!ok) revert Blake2bPrecompileFailed();
    }
}
