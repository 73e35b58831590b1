// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Formats} from "./lib/Formats.sol";
import {SubstrateHeader} from "./lib/SubstrateHeader.sol";

/// @notice The part of {BatchInbox} the oracle reads.
interface IBatchInboxTip {
    function nextBlock() external view returns (uint64);
}

/// @notice The part of {BatchInbox} fault proofs read: L1-known L2 block hashes at batch boundaries.
interface IBatchInboxAnchors {
    function anchorAt(uint64 l2BlockNumber) external view returns (bool found, bytes32 blockHash);
}

/// @title OutputOracle
/// @notice Holds the L2 output roots (see {Formats-outputRoot}) the proposer posts. Each root commits to
///         this oracle and the L1 chain id besides the L2 block (output root format version 1), so a root
///         proposed here means nothing to another oracle, here or on another chain. An output becomes
///         final once it is `finalizationPeriodSeconds` old; until then the challenger can delete it
///         together with every later output, and the bond of its proposer is slashed to the challenger.
///         Proposers must keep `requiredBond` deposited to propose and can withdraw it only when none of
///         their outputs is inside the window. If a {BatchInbox} is configured, an output can only be
///         proposed for a block whose data is already posted there.
///
///         Every output is proposed with its preimage ({proposeOutputWithPreimage}), published on L1, so
///         besides the challenger anyone can delete an output inside its window with {proveOutputFault}:
///         a proof, checked by L1 alone, that the output's block hash, state root or withdrawals root
///         disagrees with the L2 blocks the batcher posted to the inbox. The prover is paid from the
///         bond like the challenger; a share of every slashed bond is burnt ({SLASH_BURN_PERCENT}).
///
///         The admin role moves in two steps with a delay equal to the challenge window
///         (OpenZeppelin's AccessControlDefaultAdminRules).
contract OutputOracle is AccessControlDefaultAdminRules {
    using SafeCast for uint256;

    /// @notice May propose outputs (with a bond).
    bytes32 public constant PROPOSER_ROLE = keccak256("PROPOSER_ROLE");
    /// @notice May delete outputs inside the window.
    bytes32 public constant CHALLENGER_ROLE = keccak256("CHALLENGER_ROLE");

    /// @notice A proposed output.
    struct OutputProposal {
        bytes32 outputRoot;
        /// The account that proposed it (its bond answers for it).
        address proposer;
        /// L1 timestamp of the proposal.
        uint48 timestamp;
        uint48 l2BlockNumber;
    }

    /// @dev Bond and last proposal time of an account, packed in one slot.
    struct Account {
        uint128 bond;
        uint64 lastProposedAt;
    }

    /// @notice How long an output stays challengeable, in seconds.
    uint256 public immutable finalizationPeriodSeconds;
    /// @notice The bond a proposer must have deposited to propose, in wei.
    uint256 public immutable requiredBond;
    /// @notice The inbox whose posted data outputs must be covered by; address(0) disables the check.
    address public immutable batchInbox;

    /// @notice Most headers one {proveOutputFault} takes: the output block and the blocks after it up
    ///         to the batch boundary that anchors them (about 5.5k gas each). In practice the size of one
    ///         transaction binds first: L1 nodes relay up to 128 KB, about 500 headers of 184 bytes. So
    ///         the batcher keeps batches to a few hundred blocks, or a fault in the first blocks of a
    ///         longer batch cannot be proven this way (the challenger can still delete it).
    uint256 public constant MAX_FAULT_PROOF_HEADERS = 1024;
    /// @notice {OutputFaultProven} kinds, a bit mask: the output's state root differs from the header's.
    uint8 public constant FAULT_STATE_ROOT = 1;
    /// @notice The output's block hash differs from the hash of the posted block.
    uint8 public constant FAULT_BLOCK_HASH = 2;
    /// @notice The output's withdrawals root differs from the one the header of its block commits to
    ///         (see {SubstrateHeader-withdrawalsRoot}).
    uint8 public constant FAULT_WITHDRAWALS_ROOT = 4;
    /// @notice The share, in percent, of every slashed amount that is burnt (kept in this contract for
    ///         ever, see {burntBonds}) instead of paid to the challenger or prover: a proposer that proves
    ///         its own faulty output, or colludes with the challenger, still loses at least this share.
    uint256 public constant SLASH_BURN_PERCENT = 50;

    /// @notice Total of slashed bonds burnt so far: locked in this contract, withdrawable by nobody.
    uint256 public burntBonds;

    /// @notice Index the next proposed output gets; the number of live outputs.
    uint256 public nextOutputIndex;

    mapping(uint256 outputIndex => OutputProposal) private _outputs;
    mapping(address account => Account) private _accounts;

    event OutputProposed(
        bytes32 indexed outputRoot, uint256 indexed outputIndex, uint256 indexed l2BlockNumber, uint256 l1Timestamp
    );
    event OutputsDeleted(uint256 prevNextIndex, uint256 newNextIndex);
    event BondDeposited(address indexed account, uint256 amount, uint256 balance);
    event BondWithdrawn(address indexed account, uint256 amount);
    /// @notice `amount` of `proposer`'s bond went to `challenger` (the challenger or prover); `burnt` more
    ///         was burnt.
    event BondSlashed(address indexed proposer, address indexed challenger, uint256 amount, uint256 burnt);
    /// @notice {proveOutputFault} deleted the output at `outputIndex` (and every later one, see
    ///         {OutputsDeleted}); `kind` is a mask of FAULT_STATE_ROOT, FAULT_BLOCK_HASH and
    ///         FAULT_WITHDRAWALS_ROOT.
    event OutputFaultProven(uint256 indexed outputIndex, address indexed prover, uint8 kind);
    /// @notice The preimage of the output at `outputIndex`, published by {proposeOutputWithPreimage}
    ///         (emitted right after its {OutputProposed}).
    event OutputPreimage(
        uint256 indexed outputIndex,
        uint256 indexed l2BlockNumber,
        bytes32 l2BlockHash,
        bytes32 l2StateRoot,
        bytes32 withdrawalsRoot
    );

    /// @notice A zero address or amount was given where one is required.
    error ZeroArgument();
    /// @notice The proposer's bond is below `requiredBond`.
    error InsufficientBond(uint256 bond, uint256 required);
    /// @notice Output block numbers must strictly increase.
    error BlockNumberNotIncreasing(uint256 latest, uint256 proposed);
    /// @notice The block number does not fit in 48 bits.
    error BlockNumberTooLarge(uint256 l2BlockNumber);
    /// @notice The batch inbox has not yet received the data of that block.
    error BatchDataNotPosted(uint256 l2BlockNumber, uint256 inboxNextBlock);
    /// @notice No live output has that index.
    error UnknownOutput(uint256 outputIndex);
    /// @notice There are no outputs.
    error NoOutputs();
    /// @notice No output covers that block yet.
    error NoOutputForBlock(uint256 l2BlockNumber);
    /// @notice The output is past its window and can no longer be deleted.
    error OutputAlreadyFinalized(uint256 outputIndex);
    /// @notice The account has no bond to withdraw.
    error NoBond();
    /// @notice The account has an output inside the window; the bond unlocks at `unlocksAt`.
    error BondLocked(uint256 unlocksAt);
    /// @notice Sending the bond failed.
    error BondTransferFailed();
    /// @notice Fault proofs need the {BatchInbox}; this oracle was deployed without one.
    error NoBatchInbox();
    /// @notice The preimage does not hash to the output root at that index.
    error InvalidOutputRootPreimage();
    /// @notice A fault proof takes 1 to MAX_FAULT_PROOF_HEADERS headers.
    error InvalidHeaderCount(uint256 count);
    /// @notice headers[0] is not the header of the output's block.
    error WrongOutputBlock(uint256 expected, uint256 actual);
    /// @notice headers[index] is not the child of headers[index - 1]: its parent hash is not the
    ///         latter's hash or its number is not one more.
    error BrokenHeaderChain(uint256 index);
    /// @notice The last header's block does not end a posted batch, so L1 knows no hash for it.
    error UnknownAnchor(uint256 l2BlockNumber);
    /// @notice The last header does not hash to the block hash the batch ending at its block was
    ///         posted with.
    error AnchorMismatch(uint256 l2BlockNumber, bytes32 anchorHash, bytes32 headerHash);
    /// @notice The headers are the posted blocks and agree with the output: there is no fault.
    error NoFault();

    /// @param admin holds DEFAULT_ADMIN_ROLE (grants and revokes proposers and challengers); it can hand
    ///        the role over only in two steps, `finalizationPeriodSeconds_` apart.
    /// @param proposer gets PROPOSER_ROLE; address(0) grants none.
    /// @param challenger gets CHALLENGER_ROLE; address(0) grants none.
    /// @param finalizationPeriodSeconds_ the challenge window (7 days in production, minutes on a devnet).
    /// @param requiredBond_ the bond in wei a proposer must deposit (non-zero).
    /// @param batchInbox_ the {BatchInbox} that must hold an output's block first; address(0) disables.
    constructor(
        address admin,
        address proposer,
        address challenger,
        uint256 finalizationPeriodSeconds_,
        uint256 requiredBond_,
        address batchInbox_
    ) AccessControlDefaultAdminRules(finalizationPeriodSeconds_.toUint48(), admin) {
        if (admin == address(0) || requiredBond_ == 0) revert ZeroArgument();
        finalizationPeriodSeconds = finalizationPeriodSeconds_;
        requiredBond = requiredBond_;
        batchInbox = batchInbox_;
        if (proposer != address(0)) _grantRole(PROPOSER_ROLE, proposer);
        if (challenger != address(0)) _grantRole(CHALLENGER_ROLE, challenger);
    }

    // ---------------------------------------------------------------- bonds

    /// @notice Adds `msg.value` to the caller's bond.
    function depositBond() external payable onlyRole(PROPOSER_ROLE) {
        if (msg.value == 0) revert ZeroArgument();
        Account storage account = _accounts[msg.sender];
        uint128 balance = (uint256(account.bond) + msg.value).toUint128();
        account.bond = balance;
        emit BondDeposited(msg.sender, msg.value, balance);
    }

    /// @notice Withdraws the caller's whole bond (including slashing rewards). Refused while one of the
    ///         caller's outputs is inside the window.
    function withdrawBond() external {
        Account storage account = _accounts[msg.sender];
        uint256 amount = account.bond;
        if (amount == 0) revert NoBond();
        uint256 lastProposedAt = account.lastProposedAt;
        if (lastProposedAt != 0 && block.timestamp - lastProposedAt < finalizationPeriodSeconds) {
            revert BondLocked(lastProposedAt + finalizationPeriodSeconds);
        }
        account.bond = 0;
        emit BondWithdrawn(msg.sender, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert BondTransferFailed();
    }

    /// @notice The bond `account` has deposited (plus slashing rewards, for a challenger).
    function bonds(address account) external view returns (uint256) {
        return _accounts[account].bond;
    }

    /// @notice L1 timestamp of `account`'s latest proposal (0 if none).
    function lastProposalTimestamp(address account) external view returns (uint256) {
        return _accounts[account].lastProposedAt;
    }

    // ---------------------------------------------------------------- outputs

    /// @notice Proposes the output root of `preimage` (computed on chain, for this oracle on this chain:
    ///         {Formats-outputRoot} of (block.chainid, address(this), preimage)) for block
    ///         `preimage.l2BlockNumber`, and publishes the preimage in {OutputPreimage}: anyone can check
    ///         the output against the posted blocks and, if it is wrong in a way L1 can check, prove it
    ///         with {proveOutputFault} without the proposer's help. There is no way to propose a bare
    ///         root: a withheld preimage would make every proof impossible.
    function proposeOutputWithPreimage(Formats.OutputRootPreimage calldata preimage)
        external
        onlyRole(PROPOSER_ROLE)
    {
        bytes32 outputRoot = Formats.outputRoot(block.chainid, address(this), preimage);
        uint256 index = _proposeOutput(outputRoot, preimage.l2BlockNumber);
        emit OutputPreimage(
            index, preimage.l2BlockNumber, preimage.l2BlockHash, preimage.l2StateRoot, preimage.withdrawalsRoot
        );
    }

    /// @dev The checks and effects of a proposal; returns the new output's index.
    function _proposeOutput(bytes32 outputRoot, uint256 l2BlockNumber) private returns (uint256 index) {
        Account storage account = _accounts[msg.sender];
        if (account.bond < requiredBond) revert InsufficientBond(account.bond, requiredBond);
        uint256 latest = latestBlockNumber();
        if (l2BlockNumber <= latest) revert BlockNumberNotIncreasing(latest, l2BlockNumber);
        if (l2BlockNumber > type(uint48).max) revert BlockNumberTooLarge(l2BlockNumber);
        if (batchInbox != address(0)) {
            uint256 inboxNext = IBatchInboxTip(batchInbox).nextBlock();
            if (inboxNext <= l2BlockNumber) revert BatchDataNotPosted(l2BlockNumber, inboxNext);
        }

        index = nextOutputIndex;
        _outputs[index] = OutputProposal({
            outputRoot: outputRoot,
            proposer: msg.sender,
            timestamp: uint48(block.timestamp),
            l2BlockNumber: uint48(l2BlockNumber)
        });
        nextOutputIndex = index + 1;
        account.lastProposedAt = uint64(block.timestamp);
        emit OutputProposed(outputRoot, index, l2BlockNumber, block.timestamp);
    }

    /// @notice Deletes the output at `fromIndex` and every later one, if it is still inside the window.
    ///         Slashes up to `requiredBond` of its proposer's bond to the caller (withdrawable with
    ///         {withdrawBond}).
    function deleteOutputs(uint256 fromIndex) external onlyRole(CHALLENGER_ROLE) {
        _checkDeletable(fromIndex);
        _deleteOutputs(fromIndex);
    }

    /// @notice Proves, to L1 alone, that the output at `outputIndex` contradicts the L2 blocks posted to
    ///         the {BatchInbox}, and deletes it with every later output. Anyone may call it while the
    ///         output is inside its window. Up to `requiredBond` of the output's proposer's bond goes to
    ///         the caller as with {deleteOutputs} (credited to the caller's bond balance, withdrawable with
    ///         {withdrawBond}); if the proposer has less left, the caller gets what is left, possibly
    ///         nothing, and the outputs are deleted all the same.
    ///
    ///         `preimage` must hash to the output root (in this oracle, on this chain). `headers` are
    ///         SCALE-encoded L2 headers: headers[0] is the header of the output's block, each next one the
    ///         child of the one before, and the last one ends a posted batch: its hash is the `lastBlockHash`
    ///         the inbox recorded for that batch (see {BatchInbox-anchorAt}). Since block hashes chain, that
    ///         pins every header to the posted chain. The fault is then a mask (see {OutputFaultProven}) of:
    ///         the state root in headers[0] differs from `preimage.l2StateRoot`, the hash of headers[0]
    ///         differs from `preimage.l2BlockHash`, the withdrawals root headers[0] commits to in its digest
    ///         differs from `preimage.withdrawalsRoot` (a header without that log proves no withdrawals-root
    ///         fault). Since every output is proposed from its preimage, the preimage always names the
    ///         output's own block.
    function proveOutputFault(
        uint256 outputIndex,
        Formats.OutputRootPreimage calldata preimage,
        bytes[] calldata headers
    ) external {
        if (batchInbox == address(0)) revert NoBatchInbox();
        _checkDeletable(outputIndex);
        OutputProposal storage output = _outputs[outputIndex];
        if (Formats.outputRoot(block.chainid, address(this), preimage) != output.outputRoot) {
            revert InvalidOutputRootPreimage();
        }

        (bytes32 blockHash, bytes32 stateRoot) = _anchoredHeader(output.l2BlockNumber, headers);
        uint8 kind;
        if (stateRoot != preimage.l2StateRoot) kind |= FAULT_STATE_ROOT;
        if (blockHash != preimage.l2BlockHash) kind |= FAULT_BLOCK_HASH;
        (bool committed, bytes32 withdrawalsRoot) = SubstrateHeader.withdrawalsRoot(headers[0]);
        if (committed && withdrawalsRoot != preimage.withdrawalsRoot) kind |= FAULT_WITHDRAWALS_ROOT;
        if (kind == 0) revert NoFault();
        _deleteOutputs(outputIndex);
        emit OutputFaultProven(outputIndex, msg.sender, kind);
    }

    /// @notice Index of the latest output; reverts with {NoOutputs} if there is none.
    function latestOutputIndex() external view returns (uint256) {
        uint256 next = nextOutputIndex;
        if (next == 0) revert NoOutputs();
        return next - 1;
    }

    /// @notice L2 block number of the latest output, 0 if there is none.
    function latestBlockNumber() public view returns (uint256) {
        uint256 next = nextOutputIndex;
        return next == 0 ? 0 : _outputs[next - 1].l2BlockNumber;
    }

    /// @notice The output at `outputIndex`; reverts with {UnknownOutput} unless it is live.
    function getL2Output(uint256 outputIndex) external view returns (OutputProposal memory) {
        if (outputIndex >= nextOutputIndex) revert UnknownOutput(outputIndex);
        return _outputs[outputIndex];
    }

    /// @notice Whether the output at `outputIndex` exists and its window has passed.
    function isFinalized(uint256 outputIndex) external view returns (bool) {
        return outputIndex < nextOutputIndex && _isPastWindow(_outputs[outputIndex].timestamp);
    }

    /// @notice Index of the first output whose block is at or after `l2BlockNumber`: the output a
    ///         withdrawal made in that block can be proven against. Reverts with {NoOutputForBlock}.
    function getL2OutputIndexAfter(uint256 l2BlockNumber) external view returns (uint256) {
        uint256 high = nextOutputIndex;
        if (high == 0 || _outputs[high - 1].l2BlockNumber < l2BlockNumber) revert NoOutputForBlock(l2BlockNumber);
        uint256 low = 0;
        high -= 1;
        while (low < high) {
            uint256 mid = (low + high) / 2;
            if (_outputs[mid].l2BlockNumber < l2BlockNumber) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    /// @dev Reverts unless the output at `index` is live and inside its window.
    function _checkDeletable(uint256 index) private view {
        if (index >= nextOutputIndex) revert UnknownOutput(index);
        if (_isPastWindow(_outputs[index].timestamp)) revert OutputAlreadyFinalized(index);
    }

    /// @dev Deletes the outputs from `fromIndex` on and slashes up to `requiredBond` of the bond of the
    ///      proposer of `fromIndex`: {SLASH_BURN_PERCENT} of it is burnt, the rest goes to the caller.
    function _deleteOutputs(uint256 fromIndex) private {
        uint256 prevNextIndex = nextOutputIndex;
        address proposer = _outputs[fromIndex].proposer;
        nextOutputIndex = fromIndex;
        emit OutputsDeleted(prevNextIndex, fromIndex);

        Account storage slashed = _accounts[proposer];
        uint256 amount = slashed.bond < requiredBond ? slashed.bond : requiredBond;
        if (amount != 0) {
            slashed.bond -= uint128(amount);
            uint256 burnt = amount * SLASH_BURN_PERCENT / 100;
            uint256 reward = amount - burnt;
            burntBonds += burnt;
            Account storage rewarded = _accounts[msg.sender];
            rewarded.bond = (uint256(rewarded.bond) + reward).toUint128();
            emit BondSlashed(proposer, msg.sender, reward, burnt);
        }
    }

    /// @dev Checks that `headers` is a chain of L2 headers from block `l2BlockNumber` to a batch
    ///      boundary whose hash the inbox holds; returns the hash and state root of headers[0].
    function _anchoredHeader(uint256 l2BlockNumber, bytes[] calldata headers)
        private
        view
        returns (bytes32 firstHash, bytes32 firstStateRoot)
    {
        uint256 count = headers.length;
        if (count == 0 || count > MAX_FAULT_PROOF_HEADERS) revert InvalidHeaderCount(count);
        uint256 number;
        {
            uint32 firstNumber;
            (, firstNumber, firstStateRoot,) = SubstrateHeader.parse(headers[0]);
            if (firstNumber != l2BlockNumber) revert WrongOutputBlock(l2BlockNumber, firstNumber);
            number = firstNumber;
        }
        firstHash = SubstrateHeader.hash(headers[0]);
        bytes32 hash = firstHash;
        for (uint256 i = 1; i < count; ++i) {
            (bytes32 parentHash, uint32 childNumber,,) = SubstrateHeader.parse(headers[i]);
            if (parentHash != hash || childNumber != number + 1) revert BrokenHeaderChain(i);
            number = childNumber;
            hash = SubstrateHeader.hash(headers[i]);
        }
        // `number` came from a u32, so it fits a u64.
        (bool found, bytes32 anchorHash) = IBatchInboxAnchors(batchInbox).anchorAt(uint64(number));
        if (!found) revert UnknownAnchor(number);
        if (anchorHash != hash) revert AnchorMismatch(number, anchorHash, hash);
    }

    /// @dev An output is final from `timestamp + finalizationPeriodSeconds` on; before, it can be deleted.
    function _isPastWindow(uint256 timestamp) private view returns (bool) {
        return block.timestamp - timestamp >= finalizationPeriodSeconds;
    }
}
