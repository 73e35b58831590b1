// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Formats
/// @notice The Solidity definition of the formats Mooring's runtime, relayer and L1 contracts share
///         ("Shared formats" in docs/architecture.md). Each has exactly one Rust twin in `primitives/`;
///         the vectors in `contracts/test-vectors/formats.json` prove the two agree bit for bit.
///
///         - withdrawal leaf: keccak256(abi.encode(uint256 version = 1, uint256 l1ChainId, address portal,
///           uint64 nonce, bytes32 l2Sender, address l1Recipient, address l1Token, uint256 amount));
///           l1Token = address(0) is BNB. (l1ChainId, portal) name the one Portal that may pay the leaf
///           (or its successor once it has retired, see {Portal-acceptsLeavesOf}), so that no proof made
///           for one deployment is accepted by another.
///         - withdrawal tree: append-only keccak Merkle tree of depth 32. The leaf with withdrawal nonce n
///           sits at index n; empty positions hold zero hashes (Z[0] = 0, Z[i+1] = keccak256(Z[i] ++ Z[i]));
///           the root is the node at height 32, with no length mix-in. A proof is the 32 siblings from the
///           leaf upwards; at height h the parent is keccak256(sibling ++ node) if bit h of the index is 1,
///           else keccak256(node ++ sibling).
///         - output root: keccak256(abi.encode(uint256 version = 1, uint256 l1ChainId, address oracle,
///           uint256 l2BlockNumber, bytes32 l2BlockHash, bytes32 l2StateRoot, bytes32 withdrawalsRoot)):
///           a root is valid in the one OutputOracle (oracle, on chain l1ChainId) it was proposed to.
///         - batch: an 82-byte big-endian header, then the compressed SCALE-encoded blocks:
///           version u8 (= 0) | compression u8 | firstBlock u64 | lastBlock u64 | parentHash bytes32 |
///           lastBlockHash bytes32. A batch is posted in 1 to 256 frames (one L1 transaction each);
///           the first holds the whole header. The batch hash chains the frames:
///           h = 0, then h = keccak256(h ++ keccak256(frame)) for each frame in order.
library Formats {
    /// @notice Depth of the withdrawal tree: room for 2^32 withdrawals.
    uint256 internal constant WITHDRAWAL_TREE_DEPTH = 32;
    /// @notice Version of the withdrawal leaf encoding (1: bound to an L1 chain and Portal).
    uint256 internal constant WITHDRAWAL_LEAF_VERSION = 1;
    /// @notice Version of the output root encoding (1: bound to an L1 chain and OutputOracle).
    uint256 internal constant OUTPUT_ROOT_VERSION = 1;
    /// @notice Length in bytes of a batch header.
    uint256 internal constant BATCH_HEADER_LENGTH = 82;
    /// @notice Version of the batch encoding.
    uint8 internal constant BATCH_VERSION = 0;
    /// @notice Batch compression ids.
    uint8 internal constant COMPRESSION_NONE = 0;
    uint8 internal constant COMPRESSION_ZSTD = 1;
    uint8 internal constant COMPRESSION_BROTLI = 2;

    /// @notice A withdrawal as the L2 bridge pallet records it. Every field is static, so
    ///         abi.encode(WITHDRAWAL_LEAF_VERSION, leaf) is the eight words of the leaf format.
    struct WithdrawalLeaf {
        /// The L1 chain id of the Portal that pays it.
        uint256 l1ChainId;
        /// The Portal that pays it.
        address portal;
        uint64 nonce;
        bytes32 l2Sender;
        address l1Recipient;
        address l1Token;
        uint256 amount;
    }

    /// @notice The fields an output root commits to besides its version and domain (the L1 chain id and
    ///         the oracle). Every field is static, so abi.encode(OUTPUT_ROOT_VERSION, l1ChainId, oracle,
    ///         preimage) is the seven words of the output root format.
    struct OutputRootPreimage {
        uint256 l2BlockNumber;
        bytes32 l2BlockHash;
        bytes32 l2StateRoot;
        bytes32 withdrawalsRoot;
    }

    /// @notice The decoded header of a batch.
    struct BatchHeader {
        uint8 version;
        uint8 compression;
        uint64 firstBlock;
        uint64 lastBlock;
        bytes32 parentHash;
        bytes32 lastBlockHash;
    }

    /// @notice A batch shorter than its 82-byte header.
    error BatchTooShort(uint256 length);

    /// @notice The hash of a withdrawal leaf.
    function withdrawalLeafHash(WithdrawalLeaf calldata leaf) internal pure returns (bytes32) {
        return keccak256(withdrawalLeafPreimage(leaf));
    }

    /// @notice The bytes a withdrawal leaf hash is taken over: abi.encode(WITHDRAWAL_LEAF_VERSION,
    ///         l1ChainId, portal, nonce, l2Sender, l1Recipient, l1Token, amount), the struct's fields
    ///         being static and encoded in place.
    function withdrawalLeafPreimage(WithdrawalLeaf calldata leaf) internal pure returns (bytes memory) {
        return abi.encode(WITHDRAWAL_LEAF_VERSION, leaf);
    }

    /// @notice The output root of `preimage` in the OutputOracle `oracle` on L1 chain `l1ChainId`.
    function outputRoot(uint256 l1ChainId, address oracle, OutputRootPreimage calldata preimage)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(outputRootPreimage(l1ChainId, oracle, preimage));
    }

    /// @notice The bytes an output root is taken over: abi.encode(OUTPUT_ROOT_VERSION, l1ChainId, oracle,
    ///         l2BlockNumber, l2BlockHash, l2StateRoot, withdrawalsRoot), the struct's fields being static
    ///         and encoded in place.
    function outputRootPreimage(uint256 l1ChainId, address oracle, OutputRootPreimage calldata preimage)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encode(OUTPUT_ROOT_VERSION, l1ChainId, oracle, preimage);
    }

    /// @notice The parent of two withdrawal-tree nodes: keccak256(left ++ right).
    function hashPair(bytes32 left, bytes32 right) internal pure returns (bytes32 parent) {
        assembly ("memory-safe") {
            mstore(0x00, left)
            mstore(0x20, right)
            parent := keccak256(0x00, 0x40)
        }
    }

    /// @notice The root an inclusion proof yields for `leafHash` at `index`. Only the low 32 bits of
    ///         `index` take part; callers check that `index` fits in the tree.
    function rootFromProof(bytes32 leafHash, uint256 index, bytes32[32] calldata proof)
        internal
        pure
        returns (bytes32 node)
    {
        node = leafHash;
        for (uint256 height; height < WITHDRAWAL_TREE_DEPTH; ++height) {
            if ((index >> height) & 1 == 1) {
                node = hashPair(proof[height], node);
            } else {
                node = hashPair(node, proof[height]);
            }
        }
    }

    /// @notice Whether `proof` shows `leafHash` at `index` of the withdrawal tree with root `root`.
    function verifyWithdrawalProof(bytes32 leafHash, uint256 index, bytes32[32] calldata proof, bytes32 root)
        internal
        pure
        returns (bool)
    {
        return index >> WITHDRAWAL_TREE_DEPTH == 0 && rootFromProof(leafHash, index, proof) == root;
    }

    /// @notice Decodes the header of `batch`; reverts with {BatchTooShort} if it has fewer than 82 bytes.
    ///         Does not validate the fields.
    function parseBatchHeader(bytes calldata batch) internal pure returns (BatchHeader memory header) {
        if (batch.length < BATCH_HEADER_LENGTH) revert BatchTooShort(batch.length);
        header.version = uint8(batch[0]);
        header.compression = uint8(batch[1]);
        header.firstBlock = uint64(bytes8(batch[2:10]));
        header.lastBlock = uint64(bytes8(batch[10:18]));
        header.parentHash = bytes32(batch[18:50]);
        header.lastBlockHash = bytes32(batch[50:82]);
    }

    /// @notice The batch hash after one more `frame`: keccak256(previous ++ keccak256(frame)). A
    ///         batch's hash starts from zero.
    function chainFrameHash(bytes32 previous, bytes calldata frame) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(previous, keccak256(frame)));
    }
}
