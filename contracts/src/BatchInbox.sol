// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {Formats} from "./lib/Formats.sol";

/// @title BatchInbox
/// @notice Data availability for Mooring: the batcher posts every L2 block, in order, as batches in
///         calldata. A batch is an 82-byte header (see {Formats}) followed by compressed SCALE-encoded
///         blocks, posted in one or more frames (one transaction each, so that a block longer than an
///         L1 transaction can still be posted). The inbox checks the header so that posted batches always form one chain: each
///         starts at the block after the previous batch's last block and names that block's hash as its
///         parent. A batch that does not chain is refused, so nothing is ever posted twice or skipped
///         (frames of an abandoned, unfinished batch are posted but never count). The L2 can be rebuilt
///         from the inputs of the transactions that emitted the {FramePosted} events of each batch's
///         completing attempt (from the L1 block {BatchPosted} names for its frame 0).
///
///         The admin (DEFAULT_ADMIN_ROLE) is one account and moves in two steps
///         ({beginDefaultAdminTransfer}, then {acceptDefaultAdminTransfer} by the new admin once
///         {defaultAdminDelay} has passed, INITIAL_ADMIN_DELAY at first); granting DEFAULT_ADMIN_ROLE
///         directly is refused.
contract BatchInbox is AccessControlDefaultAdminRules {
    /// @notice May post batches.
    bytes32 public constant BATCHER_ROLE = keccak256("BATCHER_ROLE");

    /// @notice The admin transfer delay the inbox starts with; the admin can change it with
    ///         {changeDefaultAdminDelay}.
    uint48 public constant INITIAL_ADMIN_DELAY = 1 days;

    /// @notice Most L2 blocks in one batch (`mooring_primitives::bridge::MAX_BLOCKS_PER_BATCH`): a
    ///         fault proof carries the headers from an output's block to the end of its batch in one
    ///         L1 transaction (at most 128 KiB, about 408 headers), so no batch may be longer.
    uint256 public constant MAX_BLOCKS_PER_BATCH = 400;

    /// @notice Most frames (L1 transactions) one batch is posted in
    ///         (`mooring_primitives::bridge::MAX_FRAMES_PER_BATCH`): enough for one L2 block of the
    ///         largest length the runtime accepts, in frames of 120,000 bytes or at least 24,773.
    uint256 public constant MAX_FRAMES_PER_BATCH = 256;

    /// @notice Most bytes of one frame (`mooring_primitives::bridge::MAX_FRAME_BYTES`): what fits one
    ///         L1 transaction of 128 KiB with its encoding, so that a verifier never reads more than
    ///         {MAX_FRAMES_PER_BATCH} such frames for a batch.
    uint256 public constant MAX_FRAME_BYTES = 130_048;

    /// @notice L1 blocks within which all frames of a batch must be posted after its frame 0
    ///         (`mooring_primitives::bridge::MAX_FRAME_SPAN_L1_BLOCKS`); an older pending batch is
    ///         abandoned. Derivation then finds a batch's frames in a bounded L1 range.
    uint256 public constant MAX_FRAME_SPAN_L1_BLOCKS = 7_200;

    /// @notice What the inbox keeps of each batch, so that later fault proofs can check block hashes
    ///         at batch boundaries.
    struct Batch {
        uint64 firstBlock;
        uint64 lastBlock;
        /// L1 block and timestamp of the posting (of the last frame).
        uint64 l1BlockNumber;
        uint64 l1Timestamp;
        /// Hash of L2 block `lastBlock`.
        bytes32 lastBlockHash;
        /// The frames' hash chain ({Formats-chainFrameHash}).
        bytes32 batchHash;
    }

    /// @notice A batch whose first frames are posted and last frame is not.
    struct PendingBatch {
        uint64 firstBlock;
        uint64 lastBlock;
        /// L1 block of its frame 0.
        uint64 firstFrameL1Block;
        /// Frames in all (0: no pending batch).
        uint16 frames;
        /// The frame expected next.
        uint16 nextFrame;
        bytes32 lastBlockHash;
        /// Hash chain of the frames posted so far.
        bytes32 hash;
    }

    /// @notice Hash of L2 block 0; block 0 is never batched, the first batch starts at block 1.
    bytes32 public immutable l2GenesisHash;

    /// @notice Number of batches posted.
    uint256 public batchCount;

    mapping(uint256 batchIndex => Batch) private _batches;

    PendingBatch private _pending;

    /// @notice Frame `frame` of `frames` of batch `batchIndex` was posted; its bytes are the `data` of
    ///         the transaction's {postBatch} call.
    event FramePosted(uint256 indexed batchIndex, uint256 frame, uint256 frames);

    /// @notice A batch was posted completely; its frames were posted from L1 block `firstFrameL1Block`
    ///         to this one.
    event BatchPosted(
        uint256 indexed batchIndex,
        uint64 firstBlock,
        uint64 lastBlock,
        bytes32 batchHash,
        uint64 firstFrameL1Block,
        uint16 frames
    );

    /// @notice A zero address or hash was given where one is required.
    error ZeroArgument();
    /// @notice Batches must be posted by an externally owned account, so that each batch is the input
    ///         of an L1 transaction that anyone can read back without tracing.
    error CallerNotEOA();
    /// @notice The batcher is the transaction's sender but has code: an EOA delegated with EIP-7702
    ///         (code 0xef0100 ++ address). Through its delegated code it could post from a transaction
    ///         whose `to` is not the inbox, and derivation, which reads the batch from the input of a
    ///         transaction to the inbox, would miss it. Clear the delegation (authorize address(0)).
    error CallerHasCode();
    /// @notice The batch has no bytes after its header.
    error EmptyBatchPayload();
    /// @notice A frame after the first has no bytes.
    error EmptyFrame();
    /// @notice `frames` is 0 or more than {MAX_FRAMES_PER_BATCH}.
    error TooManyFrames(uint256 frames);
    /// @notice The frame is longer than {MAX_FRAME_BYTES}.
    error FrameTooLarge(uint256 length);
    /// @notice The frame is not the one the pending batch expects next (`expectedFrames` is 0 if no
    ///         batch is pending: start with frame 0).
    error UnexpectedFrame(uint256 expectedFrame, uint256 expectedFrames, uint256 frame, uint256 frames);
    error UnsupportedBatchVersion(uint8 version);
    error UnsupportedCompression(uint8 compression);
    /// @notice The batch holds more than {MAX_BLOCKS_PER_BATCH} blocks.
    error BatchTooLong(uint256 blocks);
    /// @notice The batch does not start at the next unposted L2 block.
    error UnexpectedFirstBlock(uint64 expected, uint64 actual);
    /// @notice lastBlock is below firstBlock, or is the largest u64 (its successor must fit).
    error InvalidBlockRange(uint64 firstBlock, uint64 lastBlock);
    /// @notice The batch's parent hash is not the hash of the last posted block.
    error ParentHashMismatch(bytes32 expected, bytes32 actual);
    /// @notice The header's lastBlockHash is zero.
    error ZeroLastBlockHash();
    /// @notice No batch with that index.
    error UnknownBatch(uint256 batchIndex);

    /// @param admin holds DEFAULT_ADMIN_ROLE (grants and revokes batchers).
    /// @param batcher gets BATCHER_ROLE; address(0) grants none.
    /// @param genesisHash the hash of L2 block 0, the parent of the first batch.
    constructor(address admin, address batcher, bytes32 genesisHash)
        AccessControlDefaultAdminRules(INITIAL_ADMIN_DELAY, _nonZero(admin))
    {
        if (genesisHash == bytes32(0)) revert ZeroArgument();
        l2GenesisHash = genesisHash;
        if (batcher != address(0)) _grantRole(BATCHER_ROLE, batcher);
    }

    /// @notice Posts frame `frame` of `frames` of the next batch. The frames' `data`, concatenated, are
    ///         the batch: an 82-byte header and at least one byte of compressed blocks. Frame 0 holds the
    ///         whole header, which is checked at once; a frame 0 also abandons an unfinished batch. Later
    ///         frames must follow in order with the same `frames` ({UnexpectedFrame}) and are not empty.
    ///         The last frame records the batch ({BatchPosted}); every frame emits {FramePosted}, so
    ///         derivation finds the transactions whose inputs make up the batch.
    ///         The caller must be a batcher that is a plain EOA calling the inbox directly: the
    ///         transaction's sender ({CallerNotEOA}) without code ({CallerHasCode}).
    ///         A batch holds at most {MAX_BLOCKS_PER_BATCH} blocks ({BatchTooLong}) and is posted in at
    ///         most {MAX_FRAMES_PER_BATCH} frames ({TooManyFrames}) of at most {MAX_FRAME_BYTES} bytes
    ///         ({FrameTooLarge}), all within {MAX_FRAME_SPAN_L1_BLOCKS} L1 blocks of frame 0.
    function postBatch(uint256 frame, uint256 frames, bytes calldata data) external onlyRole(BATCHER_ROLE) {
        // solhint-disable-next-line avoid-tx-origin
        if (msg.sender != tx.origin) revert CallerNotEOA();
        if (msg.sender.code.length != 0) revert CallerHasCode();
        if (frames == 0 || frames > MAX_FRAMES_PER_BATCH) revert TooManyFrames(frames);
        if (data.length > MAX_FRAME_BYTES) revert FrameTooLarge(data.length);
        if (frame == 0) _postFirstFrame(frames, data);
        else _postLaterFrame(frame, frames, data);
    }

    /// @notice The first L2 block not yet posted (1 before any batch). Every block below it is on L1.
    ///         Blocks of an unfinished batch do not count until its last frame is posted.
    function nextBlock() external view returns (uint64 next) {
        (next,) = _tip(batchCount);
    }

    /// @notice Hash of L2 block `nextBlock() - 1`: the parent the next batch must name.
    function lastBlockHash() external view returns (bytes32 hash) {
        (, hash) = _tip(batchCount);
    }

    /// @notice The batch at `batchIndex`.
    function batch(uint256 batchIndex) external view returns (Batch memory) {
        if (batchIndex >= batchCount) revert UnknownBatch(batchIndex);
        return _batches[batchIndex];
    }

    /// @notice The L1-known hash of L2 block `l2BlockNumber`, if it ends a batch: the `lastBlockHash` the
    ///         batch whose `lastBlock` is `l2BlockNumber` was posted with (for block 0, the genesis hash).
    ///         Fault proofs chain L2 headers up to such an anchor. `found` is false for a block inside a
    ///         batch or not posted yet. A binary search over the batches (they are sorted by block):
    ///         O(log batchCount) storage reads, and nothing extra for {postBatch} to write.
    function anchorAt(uint64 l2BlockNumber) external view returns (bool found, bytes32 blockHash) {
        uint64 anchorBlock;
        (found, anchorBlock, blockHash) = _anchorAtOrAfter(l2BlockNumber);
        if (!found || anchorBlock != l2BlockNumber) return (false, bytes32(0));
    }

    /// @notice The first anchor at or after L2 block `l2BlockNumber`: the last block of the batch that
    ///         holds it (or block 0 and the genesis hash for block 0) and that block's hash as posted.
    ///         A fault proof about block `l2BlockNumber` needs the headers from it up to `anchorBlock`.
    ///         `found` is false if the block is not posted yet.
    function anchorAtOrAfter(uint64 l2BlockNumber)
        external
        view
        returns (bool found, uint64 anchorBlock, bytes32 blockHash)
    {
        return _anchorAtOrAfter(l2BlockNumber);
    }

    function _anchorAtOrAfter(uint64 l2BlockNumber)
        private
        view
        returns (bool found, uint64 anchorBlock, bytes32 blockHash)
    {
        if (l2BlockNumber == 0) return (true, 0, l2GenesisHash);
        uint256 high = batchCount;
        if (high == 0 || _batches[high - 1].lastBlock < l2BlockNumber) return (false, 0, bytes32(0));
        // The first batch whose lastBlock is at or after the block.
        uint256 low = 0;
        high -= 1;
        while (low < high) {
            uint256 mid = (low + high) / 2;
            if (_batches[mid].lastBlock < l2BlockNumber) low = mid + 1;
            else high = mid;
        }
        Batch storage anchor = _batches[low];
        return (true, anchor.lastBlock, anchor.lastBlockHash);
    }

    /// @notice The batch being posted in several frames, if any (`frames` is 0 if none).
    function pendingBatch() external view returns (PendingBatch memory) {
        return _livePending();
    }

    /// @dev The pending batch, or an empty one if there is none, it was abandoned and a batch
    ///      posted in its place (it no longer starts at the next block), or its frame 0 is more than
    ///      {MAX_FRAME_SPAN_L1_BLOCKS} old.
    function _livePending() private view returns (PendingBatch memory pending) {
        pending = _pending;
        if (pending.frames == 0) return pending;
        (uint64 next,) = _tip(batchCount);
        bool expired = block.number > uint256(pending.firstFrameL1Block) + MAX_FRAME_SPAN_L1_BLOCKS;
        if (pending.firstBlock != next || expired) delete pending;
    }

    /// @dev Frame 0: checks the header against the tip; records a one-frame batch at once.
    function _postFirstFrame(uint256 frames, bytes calldata data) private {
        Formats.BatchHeader memory header = Formats.parseBatchHeader(data);
        if (frames == 1 && data.length == Formats.BATCH_HEADER_LENGTH) revert EmptyBatchPayload();
        if (header.version != Formats.BATCH_VERSION) revert UnsupportedBatchVersion(header.version);
        if (header.compression > Formats.COMPRESSION_BROTLI) revert UnsupportedCompression(header.compression);

        uint256 index = batchCount;
        (uint64 expectedFirst, bytes32 expectedParent) = _tip(index);
        if (header.firstBlock != expectedFirst) revert UnexpectedFirstBlock(expectedFirst, header.firstBlock);
        if (header.lastBlock < header.firstBlock || header.lastBlock == type(uint64).max) {
            revert InvalidBlockRange(header.firstBlock, header.lastBlock);
        }
        uint256 blocks = uint256(header.lastBlock) - header.firstBlock + 1;
        if (blocks > MAX_BLOCKS_PER_BATCH) revert BatchTooLong(blocks);
        if (header.parentHash != expectedParent) revert ParentHashMismatch(expectedParent, header.parentHash);
        if (header.lastBlockHash == bytes32(0)) revert ZeroLastBlockHash();

        bytes32 hash = Formats.chainFrameHash(bytes32(0), data);
        emit FramePosted(index, 0, frames);
        PendingBatch memory pending = PendingBatch({
            firstBlock: header.firstBlock,
            lastBlock: header.lastBlock,
            firstFrameL1Block: uint64(block.number),
            frames: uint16(frames),
            nextFrame: 1,
            lastBlockHash: header.lastBlockHash,
            hash: hash
        });
        // A one-frame batch leaves an abandoned pending batch as it is: it is stale from now on
        // ({_livePending}), which saves a storage read on every ordinary batch.
        if (frames == 1) _record(index, pending);
        else _pending = pending;
    }

    /// @dev Frame 1 or later of the pending batch; the last one records it.
    function _postLaterFrame(uint256 frame, uint256 frames, bytes calldata data) private {
        PendingBatch memory pending = _livePending();
        if (pending.frames == 0 || frame != pending.nextFrame || frames != pending.frames) {
            revert UnexpectedFrame(pending.nextFrame, pending.frames, frame, frames);
        }
        if (data.length == 0) revert EmptyFrame();
        pending.hash = Formats.chainFrameHash(pending.hash, data);
        uint256 index = batchCount;
        emit FramePosted(index, frame, frames);
        if (frame + 1 == frames) {
            delete _pending;
            _record(index, pending);
        } else {
            _pending.hash = pending.hash;
            _pending.nextFrame = uint16(frame + 1);
        }
    }

    /// @dev Records the complete batch `index`.
    function _record(uint256 index, PendingBatch memory pending) private {
        _batches[index] = Batch({
            firstBlock: pending.firstBlock,
            lastBlock: pending.lastBlock,
            l1BlockNumber: uint64(block.number),
            l1Timestamp: uint64(block.timestamp),
            lastBlockHash: pending.lastBlockHash,
            batchHash: pending.hash
        });
        batchCount = index + 1;
        emit BatchPosted(
            index, pending.firstBlock, pending.lastBlock, pending.hash, pending.firstFrameL1Block, pending.frames
        );
    }

    /// @dev The first block and parent hash the batch with index `count` must have.
    function _tip(uint256 count) private view returns (uint64 next, bytes32 parent) {
        if (count == 0) return (1, l2GenesisHash);
        Batch storage last = _batches[count - 1];
        return (last.lastBlock + 1, last.lastBlockHash);
    }

    /// @dev `account`, or a {ZeroArgument} revert (before OpenZeppelin's own check, so that every
    ///      missing constructor argument fails the same way).
    function _nonZero(address account) private pure returns (address) {
        if (account == address(0)) revert ZeroArgument();
        return account;
    }
}
