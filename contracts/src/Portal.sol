// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Formats} from "./lib/Formats.sol";
import {OutputOracle} from "./OutputOracle.sol";

/// @title Portal
/// @notice The L1 end of the Mooring bridge. Deposits lock BNB or an allowlisted BEP-20 here and emit
///         {DepositInitiated} with a nonce that increases by one per deposit, starting at 0 (or, for a
///         successor, where its predecessor stopped); the L2 bridge pallet mints each nonce exactly once,
///         in order. Withdrawals burned on L2 are paid here once an output committing to them is final:
///         the caller proves the leaf (see {Formats}) against the withdrawals root inside that output.
///         Each withdrawal nonce pays at most once. A guardian can pause deposits and withdrawals.
///
///         Outputs and leaves are bound to one deployment. An output root commits to the L1 chain id and
///         the address of the oracle it was proposed to, and the portal checks it with `block.chainid`
///         and its own {oracle}; a withdrawal leaf names the chain id and the Portal that pays it
///         ({WrongDomain} otherwise). So a proof made for another deployment (a testnet, a redeployment,
///         a fork of the chain) is worth nothing here.
///
///         If a wrong output ever becomes final (the challenger missed it), the portal can stop
///         honouring it with {disregardOutputsFrom}: the guardian while paused, the admin at any time.
///         That costs honest withdrawers nothing but a wait, see {disregardOutputsFrom}.
///
///         Succession: a Portal hands over to a new one without replays or stranded funds.
///         1. The old Portal stops taking deposits for good ({stopDeposits}: the guardian while paused, or
///            the admin). It may go on paying withdrawals until step 4.
///         2. The new Portal is deployed with the old one as `predecessor_` and the old one's final
///            {depositNonce} as `firstDepositNonce_`, so deposit nonces go on where they stopped (the L2
///            pallet never goes back in nonce), and with an oracle of its own ({SameOracle} otherwise: the
///            outputs the old Portal disregarded must stay unpayable). It starts paused.
///         3. Governance on L2 switches the bridge pallet to the new Portal: deposits are read from it and
///            new withdrawal leaves name it. The guardian unpauses the new Portal.
///         4. The admin calls {retire} on the old Portal: it moves its BNB and the listed tokens to the new
///            one (anyone can {sweepToSuccessor} a token left behind) and refuses withdrawals for good.
///         From then on the new Portal also pays the leaves that name the old one ({acceptsLeavesOf}); not
///         before, so that no leaf is ever payable in two places. Withdrawal nonces are one L2 sequence
///         across Portals, and a nonce the old Portal paid counts as paid here ({isWithdrawalFinalized}).
///         Migrations chain: a successor can retire in turn.
///
///         Trust assumption, stated plainly: the admin can move every fund this portal holds to a
///         successor it deployed, whose code it chose. That is the power of whoever can upgrade an OP Stack
///         portal proxy; on production the admin is a timelock, so a retirement is public for the
///         timelock's delay before it can happen.
///
///         The admin (DEFAULT_ADMIN_ROLE) is one account and moves in two steps
///         ({beginDefaultAdminTransfer}, then {acceptDefaultAdminTransfer} by the new admin once
///         {defaultAdminDelay} has passed); granting DEFAULT_ADMIN_ROLE directly is refused. The delay
///         starts as the oracle's challenge window.
contract Portal is AccessControlDefaultAdminRules, Pausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice The outputs the portal refuses to pay against: those with an index in [from, to).
    ///         Empty (from == to) until {disregardOutputsFrom} is first called. One slot, so that
    ///         {finalizeWithdrawal} reads it with a single SLOAD.
    struct DisregardedRange {
        uint128 from;
        uint128 to;
    }

    /// @notice May pause and unpause the portal.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    /// @notice The oracle holding the output roots withdrawals are proven against.
    OutputOracle public immutable oracle;

    /// @notice The Portal this one succeeds (see {retire}), or address(0).
    Portal public immutable predecessor;

    /// @notice The nonce of the first deposit here: the predecessor's {depositNonce} at deployment, or
    ///         the constructor's choice (normally 0) without one.
    uint256 public immutable firstDepositNonce;

    /// @notice The Portal this one retired into ({retire}); address(0) while it has not.
    /// @dev The first storage variable, so that it shares a slot with Pausable's flag: {finalizeWithdrawal}
    ///      and the deposits pay one cold SLOAD for both checks (the storage layout is otherwise unchanged).
    address public successor;

    /// @notice Whether deposits stopped for good ({stopDeposits}); set before a successor is deployed.
    /// @dev In the same slot as {successor} and Pausable's flag.
    bool public depositsStopped;

    /// @notice The nonce the next deposit gets; equals the number of deposits made.
    uint256 public depositNonce;

    /// @notice BEP-20 tokens that can be deposited.
    mapping(address token => bool) public allowedTokens;

    /// @notice The smallest deposit taken, per token (address(0): BNB). For BNB at least the L2's
    ///         existential deposit, so that no deposit is too small to credit on L2; for a token
    ///         whatever the admin sets (0: any non-zero amount). It makes a flood of dust deposits,
    ///         which the relayer must carry to L2 one by one, cost real capital.
    mapping(address token => uint256) public minDeposit;

    /// @dev One bit per withdrawal nonce: set once the withdrawal is paid.
    mapping(uint256 word => uint256 bits) private _finalizedBitmap;

    /// @notice The range of output indices {finalizeWithdrawal} refuses (see {isOutputDisregarded}).
    DisregardedRange public disregardedOutputs;

    event DepositInitiated(
        uint256 indexed nonce, address indexed from, bytes32 indexed l2Recipient, address token, uint256 amount
    );
    event WithdrawalFinalized(
        bytes32 indexed leafHash, uint64 indexed nonce, address indexed l1Recipient, address l1Token, uint256 amount
    );
    event TokenAllowlistUpdated(address indexed token, bool allowed);
    /// @notice The smallest deposit of `token` (address(0): BNB) is now `amount`.
    event MinDepositSet(address indexed token, uint256 amount);
    /// @notice `account` called {disregardOutputsFrom}: outputs with an index in [fromIndex, toIndex)
    ///         are no longer honoured (the range after merging with any earlier one).
    event OutputsDisregarded(uint256 fromIndex, uint256 toIndex, address indexed account);
    /// @notice The portal retired into `successor` ({retire}) and sent it `nativeAmount` BNB.
    event PortalRetired(address indexed successor, uint256 nativeAmount);
    /// @notice `amount` of `token` (address(0): BNB) went to the successor ({retire}, {sweepToSuccessor}).
    event FundsSwept(address indexed token, uint256 amount);
    /// @notice Deposits stopped for good ({stopDeposits}); `depositNonce` is the final one.
    event DepositsStopped(uint256 depositNonce, address indexed account);

    /// @notice A zero address or value was given where one is required.
    error ZeroArgument();
    /// @notice Not a contract: cannot be allowlisted as a token.
    error InvalidToken(address token);
    /// @notice The token is not on the deposit allowlist.
    error TokenNotAllowed(address token);
    /// @notice The deposit credits nothing.
    error ZeroAmount();
    /// @notice The deposit is below {minDeposit} for its token.
    error DepositTooSmall(uint256 amount, uint256 minimum);
    /// @notice The amount does not fit in the L2's u128 balances.
    error AmountTooLarge(uint256 amount);
    /// @notice The L2 recipient is zero.
    error ZeroRecipient();
    /// @notice The oracle has no live output with that index (raised by the oracle and passed through
    ///         by {finalizeWithdrawal}, or by {disregardOutputsFrom} for an index at or past
    ///         `oracle.nextOutputIndex()`).
    error UnknownOutput(uint256 outputIndex);
    /// @notice The output at that index was disregarded with {disregardOutputsFrom}: prove the
    ///         withdrawal against a later output.
    error OutputDisregarded(uint256 outputIndex);
    /// @notice The preimage does not hash to the output root at that index (or names another block).
    error InvalidOutputRootPreimage();
    /// @notice The output's challenge window has not passed.
    error OutputNotFinalized(uint256 outputIndex);
    /// @notice The proof does not show the leaf at index `nonce` under the output's withdrawals root.
    error InvalidWithdrawalProof();
    /// @notice The withdrawal with that nonce was already paid.
    error WithdrawalAlreadyFinalized(uint64 nonce);
    /// @notice Sending BNB to the recipient failed.
    error NativeTransferFailed();
    /// @notice The leaf is for another chain or a Portal whose leaves this one does not pay
    ///         (see {acceptsLeavesOf}).
    error WrongDomain(uint256 l1ChainId, address portal);
    /// @notice A successor can only be deployed once its predecessor stopped deposits for good
    ///         ({stopDeposits}), so that the deposit nonces cannot clash.
    error PredecessorTakesDeposits();
    /// @notice A successor needs an oracle of its own: on the predecessor's, it would honour the outputs
    ///         the predecessor disregarded.
    error SameOracle();
    /// @notice Deposits stopped for good ({stopDeposits}).
    error DepositsAreStopped();
    /// @notice The successor's first deposit nonce is not the predecessor's {depositNonce}.
    error DepositNonceMismatch(uint256 expected, uint256 given);
    /// @notice The successor given to {retire} does not name this portal as its predecessor.
    error NotOurSuccessor();
    /// @notice The portal retired into `successor`: it takes no deposits and pays no withdrawals.
    error Retired(address successor);
    /// @notice Only the predecessor may call {receiveFromPredecessor}.
    error NotPredecessor();
    /// @notice The portal has not retired: {sweepToSuccessor} has nowhere to send to.
    error NotRetired();

    /// @param admin holds DEFAULT_ADMIN_ROLE (manages the token allowlist and roles, may disregard
    ///        outputs); its transfer waits `oracle_.finalizationPeriodSeconds()` at first.
    /// @param guardian gets GUARDIAN_ROLE; address(0) grants none.
    /// @param oracle_ the {OutputOracle}.
    /// @param tokens BEP-20 tokens allowlisted from the start.
    /// @param minNativeDeposit the smallest BNB deposit ({minDeposit} of address(0)): at least the L2's
    ///        existential deposit (`contracts/deploy.mjs` refuses less).
    /// @param predecessor_ the Portal this one succeeds, which must have stopped deposits and use another
    ///        oracle; address(0) for none. A successor starts paused: the guardian unpauses it once the
    ///        L2 bridge settles to it.
    /// @param firstDepositNonce_ the nonce of the first deposit: with a predecessor, exactly its final
    ///        {depositNonce}; without one, normally 0.
    constructor(
        address admin,
        address guardian,
        OutputOracle oracle_,
        address[] memory tokens,
        uint256 minNativeDeposit,
        Portal predecessor_,
        uint256 firstDepositNonce_
    ) AccessControlDefaultAdminRules(_initialAdminDelay(oracle_), _nonZero(admin)) {
        if (address(oracle_) == address(0)) revert ZeroArgument();
        if (address(predecessor_) != address(0)) {
            if (!predecessor_.depositsStopped()) revert PredecessorTakesDeposits();
            if (address(predecessor_.oracle()) == address(oracle_)) revert SameOracle();
            uint256 expected = predecessor_.depositNonce();
            if (firstDepositNonce_ != expected) revert DepositNonceMismatch(expected, firstDepositNonce_);
            _pause();
        }
        oracle = oracle_;
        predecessor = predecessor_;
        firstDepositNonce = firstDepositNonce_;
        depositNonce = firstDepositNonce_;
        if (guardian != address(0)) _grantRole(GUARDIAN_ROLE, guardian);
        for (uint256 i; i < tokens.length; ++i) {
            _setTokenAllowed(tokens[i], true);
        }
        _setMinDeposit(address(0), minNativeDeposit);
    }

    /// @dev Reverts with {Retired} once the portal has retired; checked before anything else.
    modifier whenNotRetired() {
        _requireNotRetired();
        _;
    }

    /// @dev Reverts with {DepositsAreStopped} once {stopDeposits} was called.
    modifier whenDepositsOpen() {
        if (depositsStopped) revert DepositsAreStopped();
        _;
    }

    // ---------------------------------------------------------------- administration

    /// @notice Adds `token` to or removes it from the deposit allowlist. Withdrawals of a token are paid
    ///         whether or not it is still allowlisted.
    function setTokenAllowed(address token, bool allowed) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTokenAllowed(token, allowed);
    }

    /// @notice Sets the smallest deposit of `token` (address(0): BNB) to `amount`.
    function setMinDeposit(address token, uint256 amount) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMinDeposit(token, amount);
    }

    /// @notice Stops deposits and withdrawals.
    function pause() external onlyRole(GUARDIAN_ROLE) {
        _pause();
    }

    /// @notice Resumes deposits and withdrawals.
    function unpause() external onlyRole(GUARDIAN_ROLE) {
        _unpause();
    }

    /// @notice Stops honouring the output at `fromIndex` and every output proposed so far after it:
    ///         {finalizeWithdrawal} refuses them with {OutputDisregarded}. The recovery for a wrong
    ///         output that became final (OP Stack's blacklist, in one range). Callable by the guardian
    ///         while the portal is paused (pause first, then disregard, then unpause), or by the admin
    ///         at any time (on production the admin is a timelock). Outputs proposed later, at indices
    ///         from the oracle's `nextOutputIndex()` of this call on, are honoured.
    ///
    ///         A later call merges conservatively: the range becomes [min(old from, fromIndex),
    ///         oracle.nextOutputIndex()), so an earlier incident is never un-disregarded. Indices the
    ///         oracle deleted since name no output and may drop off the end; but an output proposed
    ///         anew at an index still inside the range stays disregarded (withdrawers use a later one).
    ///
    ///         Why honest withdrawers lose nothing: the L2 withdrawal tree is append-only, so the
    ///         withdrawals root of every later honest output contains every earlier leaf at the same
    ///         index. A withdrawal that an honest disregarded output proved can be proven against the
    ///         next honest output instead, once that one is final; each nonce still pays only once.
    ///         A wrong output's forged leaves are in no honest root and stay unpayable.
    function disregardOutputsFrom(uint256 fromIndex) external {
        if (!hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            _checkRole(GUARDIAN_ROLE);
            _requirePaused();
        }
        uint256 toIndex = oracle.nextOutputIndex();
        if (fromIndex >= toIndex) revert UnknownOutput(fromIndex);
        DisregardedRange memory range = disregardedOutputs;
        if (range.from < range.to && range.from < fromIndex) fromIndex = range.from;
        disregardedOutputs = DisregardedRange(SafeCast.toUint128(fromIndex), SafeCast.toUint128(toIndex));
        emit OutputsDisregarded(fromIndex, toIndex, msg.sender);
    }

    // ---------------------------------------------------------------- succession

    /// @notice Stops deposits for good, the first step of a move to a successor: `depositNonce` is final,
    ///         so a successor can continue it. Withdrawals go on (pause separately). Callable by the
    ///         guardian while the portal is paused, or by the admin at any time. Irreversible.
    function stopDeposits() external whenDepositsOpen {
        if (!hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            _checkRole(GUARDIAN_ROLE);
            _requirePaused();
        }
        depositsStopped = true;
        emit DepositsStopped(depositNonce, msg.sender);
    }

    /// @notice Retires this portal (its deposits stopped) into `successor_`, a Portal deployed with this
    ///         one as its predecessor: sends it the whole BNB balance and the whole balance of each of
    ///         `tokens`. From then on this portal refuses deposits and withdrawals with {Retired}, and the
    ///         successor pays the withdrawal leaves that name this portal (see {acceptsLeavesOf}). Call
    ///         it once the L2 bridge pallet has switched to the successor. A token not listed, or sent
    ///         here later, can be moved by anyone with {sweepToSuccessor}: list none, or only tokens known
    ///         to transfer, since one token that reverts makes the whole call revert. A fee-on-transfer
    ///         token pays its fee again on the move, so the successor receives less than was deposited.
    function retire(Portal successor_, address[] calldata tokens)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        nonReentrant
    {
        if (address(successor_) == address(0)) revert ZeroArgument();
        _requireNotRetired();
        if (!depositsStopped) revert PredecessorTakesDeposits();
        if (address(successor_.predecessor()) != address(this)) revert NotOurSuccessor();
        uint256 given = successor_.firstDepositNonce();
        if (given != depositNonce) revert DepositNonceMismatch(depositNonce, given);

        successor = address(successor_);
        uint256 nativeAmount = address(this).balance;
        emit PortalRetired(address(successor_), nativeAmount);
        successor_.receiveFromPredecessor{value: nativeAmount}();
        for (uint256 i; i < tokens.length; ++i) {
            _sweepToken(tokens[i], address(successor_));
        }
    }

    /// @notice Moves the whole balance of `token` (address(0): BNB) to the successor, once this portal
    ///         has retired ({NotRetired} before). Anyone may call it.
    function sweepToSuccessor(address token) external nonReentrant {
        address successor_ = successor;
        if (successor_ == address(0)) revert NotRetired();
        if (token == address(0)) {
            uint256 amount = address(this).balance;
            emit FundsSwept(address(0), amount);
            Portal(successor_).receiveFromPredecessor{value: amount}();
        } else {
            _sweepToken(token, successor_);
        }
    }

    /// @notice Takes the BNB the predecessor hands over when it retires ({retire}, {sweepToSuccessor}).
    ///         Only the predecessor may call it: the portal takes BNB in no other way than deposits.
    function receiveFromPredecessor() external payable {
        if (msg.sender != address(predecessor)) revert NotPredecessor();
    }

    /// @notice Whether this portal pays withdrawal leaves that name `portal`: its own, and those of a
    ///         predecessor (or of the predecessor's predecessors, in turn) once the predecessor has retired
    ///         into this portal. Until then the predecessor pays its own leaves, so no leaf is ever payable
    ///         in two places.
    function acceptsLeavesOf(address portal) public view returns (bool) {
        if (portal == address(this)) return true;
        if (address(predecessor) == address(0) || predecessor.successor() != address(this)) return false;
        return predecessor.acceptsLeavesOf(portal);
    }

    // ---------------------------------------------------------------- deposits

    /// @notice Deposits `msg.value` BNB for `l2Recipient` on L2.
    function depositNative(bytes32 l2Recipient)
        external
        payable
        whenNotRetired
        whenDepositsOpen
        whenNotPaused
        nonReentrant
    {
        _depositNative(l2Recipient);
    }

    /// @notice Deposits `msg.value` BNB for the Ethereum-style account `l2Recipient` on L2 (the
    ///         account an Ethereum key such as MetaMask's controls there; {l2AccountOf}).
    function depositNativeTo(address l2Recipient)
        external
        payable
        whenNotRetired
        whenDepositsOpen
        whenNotPaused
        nonReentrant
    {
        _depositNative(l2AccountOf(l2Recipient));
    }

    /// @notice Deposits `amount` of the allowlisted BEP-20 `token` (approved to the portal) for
    ///         `l2Recipient`. What the portal actually receives is credited, so fee-on-transfer tokens
    ///         credit less than `amount`.
    function depositERC20(address token, uint256 amount, bytes32 l2Recipient)
        external
        whenNotRetired
        whenDepositsOpen
        whenNotPaused
        nonReentrant
    {
        _depositERC20(token, amount, l2Recipient);
    }

    /// @notice {depositERC20} for the Ethereum-style account `l2Recipient` on L2 ({l2AccountOf}).
    function depositERC20To(address token, uint256 amount, address l2Recipient)
        external
        whenNotRetired
        whenDepositsOpen
        whenNotPaused
        nonReentrant
    {
        _depositERC20(token, amount, l2AccountOf(l2Recipient));
    }

    /// @notice The L2 account an Ethereum address acts as: the address followed by twelve 0xEE bytes
    ///         (pallet-revive's mapping), zero for the zero address.
    function l2AccountOf(address evmAddress) public pure returns (bytes32) {
        if (evmAddress == address(0)) return bytes32(0);
        return bytes32(bytes20(evmAddress)) | bytes32(uint256(0xEEEEEEEEEEEEEEEEEEEEEEEE));
    }

    function _depositNative(bytes32 l2Recipient) private {
        if (l2Recipient == bytes32(0)) revert ZeroRecipient();
        if (msg.value == 0) revert ZeroAmount();
        uint256 minimum = minDeposit[address(0)];
        if (msg.value < minimum) revert DepositTooSmall(msg.value, minimum);
        if (msg.value > type(uint128).max) revert AmountTooLarge(msg.value);
        emit DepositInitiated(depositNonce++, msg.sender, l2Recipient, address(0), msg.value);
    }

    function _depositERC20(address token, uint256 amount, bytes32 l2Recipient) private {
        if (l2Recipient == bytes32(0)) revert ZeroRecipient();
        if (!allowedTokens[token]) revert TokenNotAllowed(token);
        if (amount == 0) revert ZeroAmount();
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received == 0) revert ZeroAmount();
        uint256 minimum = minDeposit[token];
        if (received < minimum) revert DepositTooSmall(received, minimum);
        if (received > type(uint128).max) revert AmountTooLarge(received);
        emit DepositInitiated(depositNonce++, msg.sender, l2Recipient, token, received);
    }

    // ---------------------------------------------------------------- withdrawals

    /// @notice Pays the withdrawal `leaf`, proven by `proof` against the withdrawals root in the final
    ///         output at `outputIndex`, whose fields are `preimage`. Anyone may call it; the funds go to
    ///         `leaf.l1Recipient`. The leaf must name this chain and this portal, or a retired predecessor
    ///         ({acceptsLeavesOf}).
    function finalizeWithdrawal(
        Formats.WithdrawalLeaf calldata leaf,
        uint256 outputIndex,
        Formats.OutputRootPreimage calldata preimage,
        bytes32[32] calldata proof
    ) external whenNotRetired whenNotPaused nonReentrant {
        if (leaf.l1ChainId != block.chainid || !acceptsLeavesOf(leaf.portal)) {
            revert WrongDomain(leaf.l1ChainId, leaf.portal);
        }
        if (isOutputDisregarded(outputIndex)) revert OutputDisregarded(outputIndex);
        // Reverts with UnknownOutput(outputIndex) (the oracle's error, encoded like ours) unless live.
        OutputOracle.OutputProposal memory output = oracle.getL2Output(outputIndex);
        if (
            Formats.outputRoot(block.chainid, address(oracle), preimage) != output.outputRoot
                || preimage.l2BlockNumber != output.l2BlockNumber
        ) {
            revert InvalidOutputRootPreimage();
        }
        if (!oracle.isFinalized(outputIndex)) revert OutputNotFinalized(outputIndex);

        uint64 nonce = leaf.nonce;
        if (isWithdrawalFinalized(nonce)) revert WithdrawalAlreadyFinalized(nonce);
        bytes32 leafHash = Formats.withdrawalLeafHash(leaf);
        if (!Formats.verifyWithdrawalProof(leafHash, nonce, proof, preimage.withdrawalsRoot)) {
            revert InvalidWithdrawalProof();
        }

        _finalizedBitmap[nonce >> 8] |= uint256(1) << (nonce & 0xff);
        emit WithdrawalFinalized(leafHash, nonce, leaf.l1Recipient, leaf.l1Token, leaf.amount);

        if (leaf.l1Token == address(0)) {
            (bool ok,) = leaf.l1Recipient.call{value: leaf.amount}("");
            if (!ok) revert NativeTransferFailed();
        } else {
            IERC20(leaf.l1Token).safeTransfer(leaf.l1Recipient, leaf.amount);
        }
    }

    /// @notice Whether the withdrawal with `nonce` has been paid, here or by a predecessor (withdrawal
    ///         nonces are one L2 sequence across Portals, so a nonce paid anywhere is never paid again).
    function isWithdrawalFinalized(uint64 nonce) public view returns (bool) {
        if (_finalizedBitmap[nonce >> 8] & (uint256(1) << (nonce & 0xff)) != 0) return true;
        return address(predecessor) != address(0) && predecessor.isWithdrawalFinalized(nonce);
    }

    /// @notice Whether {finalizeWithdrawal} refuses the output at `outputIndex` because it was
    ///         disregarded with {disregardOutputsFrom}.
    function isOutputDisregarded(uint256 outputIndex) public view returns (bool) {
        DisregardedRange memory range = disregardedOutputs;
        return outputIndex >= range.from && outputIndex < range.to;
    }

    /// @dev Sends the whole balance of the BEP-20 `token` to `to` (the successor).
    function _sweepToken(address token, address to) private {
        uint256 amount = IERC20(token).balanceOf(address(this));
        emit FundsSwept(token, amount);
        if (amount != 0) IERC20(token).safeTransfer(to, amount);
    }

    /// @dev Reverts with {Retired} once {retire} has named a successor.
    function _requireNotRetired() private view {
        address successor_ = successor;
        if (successor_ != address(0)) revert Retired(successor_);
    }

    function _setMinDeposit(address token, uint256 amount) private {
        minDeposit[token] = amount;
        emit MinDepositSet(token, amount);
    }

    function _setTokenAllowed(address token, bool allowed) private {
        if (allowed && token.code.length == 0) revert InvalidToken(token);
        allowedTokens[token] = allowed;
        emit TokenAllowlistUpdated(token, allowed);
    }

    /// @dev The admin transfer delay a portal on `oracle_` starts with: its challenge window (0 for
    ///      no oracle, which the constructor then refuses with {ZeroArgument}).
    function _initialAdminDelay(OutputOracle oracle_) private view returns (uint48) {
        if (address(oracle_) == address(0)) return 0;
        return SafeCast.toUint48(oracle_.finalizationPeriodSeconds());
    }

    /// @dev `account`, or a {ZeroArgument} revert (before OpenZeppelin's own check, so that every
    ///      missing constructor argument fails the same way).
    function _nonZero(address account) private pure returns (address) {
        if (account == address(0)) revert ZeroArgument();
        return account;
    }
}
