// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @notice The part of {BatchInbox} the oracle reads.
interface IBatchInboxTip {
    function nextBlock() external view returns (uint64);
}

/// @title OutputOracle
/// @notice Holds the L2 output roots (see {Formats-outputRoot}) the proposer posts. An output becomes
///         final once it is `finalizationPeriodSeconds` old; until then the challenger can delete it
///         together with every later output, and the bond of its proposer is slashed to the challenger.
///         Proposers must keep `requiredBond` deposited to propose and can withdraw it only when none of
///         their outputs is inside the window. If a {BatchInbox} is configured, an output can only be
///         proposed for a block whose data is already posted there.
contract OutputOracle is AccessControl {
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
    event BondSlashed(address indexed proposer, address indexed challenger, uint256 amount);

    /// @notice A zero address or amount was given where one is required.
    error ZeroArgument();
    /// @notice The output root is zero.
    error ZeroOutputRoot();
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

    /// @param admin holds DEFAULT_ADMIN_ROLE (grants and revokes proposers and challengers).
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
    ) {
        if (admin == address(0) || requiredBond_ == 0) revert ZeroArgument();
        finalizationPeriodSeconds = finalizationPeriodSeconds_;
        requiredBond = requiredBond_;
        batchInbox = batchInbox_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
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

    /// @notice Proposes `outputRoot` as the output root of L2 block `l2BlockNumber`.
    function proposeOutput(bytes32 outputRoot, uint256 l2BlockNumber) external onlyRole(PROPOSER_ROLE) {
        if (outputRoot == bytes32(0)) revert ZeroOutputRoot();
        Account storage account = _accounts[msg.sender];
        if (account.bond < requiredBond) revert InsufficientBond(account.bond, requiredBond);
        uint256 latest = latestBlockNumber();
        if (l2BlockNumber <= latest) revert BlockNumberNotIncreasing(latest, l2BlockNumber);
        if (l2BlockNumber > type(uint48).max) revert BlockNumberTooLarge(l2BlockNumber);
        if (batchInbox != address(0)) {
            uint256 inboxNext = IBatchInboxTip(batchInbox).nextBlock();
            if (inboxNext <= l2BlockNumber) revert BatchDataNotPosted(l2BlockNumber, inboxNext);
        }

        uint256 index = nextOutputIndex;
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
        uint256 prevNextIndex = nextOutputIndex;
        if (fromIndex >= prevNextIndex) revert UnknownOutput(fromIndex);
        OutputProposal storage output = _outputs[fromIndex];
        if (_isPastWindow(output.timestamp)) revert OutputAlreadyFinalized(fromIndex);

        address proposer = output.proposer;
        nextOutputIndex = fromIndex;
        emit OutputsDeleted(prevNextIndex, fromIndex);

        Account storage slashed = _accounts[proposer];
        uint256 amount = slashed.bond < requiredBond ? slashed.bond : requiredBond;
        if (amount != 0) {
            slashed.bond -= uint128(amount);
            Account storage rewarded = _accounts[msg.sender];
            rewarded.bond = (uint256(rewarded.bond) + amount).toUint128();
            emit BondSlashed(proposer, msg.sender, amount);
        }
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

    /// @dev An output is final from `timestamp + finalizationPeriodSeconds` on; before, it can be deleted.
    function _isPastWindow(uint256 timestamp) private view returns (bool) {
        return block.timestamp - timestamp >= finalizationPeriodSeconds;
    }
}
