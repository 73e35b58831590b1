// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IMooringBridge
/// @notice Withdrawals from Mooring to BNB Chain, as a precompile on Mooring at
///         0x000000000000000000000000000000000B1D0000: the bridge pallet's `withdraw` for
///         Ethereum wallets and contracts. The Portal on BNB Chain pays a withdrawal once an
///         output root covering its block is final (docs/developer.md, "Withdraw to BNB Chain").
interface IMooringBridge {
    /// @notice A withdrawal was recorded: `nonce` and `leafHash` identify it in the withdrawal
    ///         tree the Portal proves against.
    event WithdrawalInitiated(
        uint64 indexed nonce,
        address indexed sender,
        address indexed l1Recipient,
        address l1Token,
        uint256 amount,
        bytes32 leafHash
    );

    /// @notice Burns `amount` of what `l1Token` bridges to from the caller (`address(0)`: BNB,
    ///         in wei, from the native balance; otherwise the token's ERC-20 on Mooring, see
    ///         `l2TokenOf`) and records its withdrawal to `l1Recipient`. Not payable. Reverts with
    ///         the bridge pallet's reason (`NoPortal`, `WouldLeaveDust`, `FundsUnavailable`...).
    /// @return nonce The withdrawal's nonce, which `mooring-relayer tools finalize` takes.
    function withdraw(address l1Recipient, address l1Token, uint256 amount) external returns (uint64 nonce);

    /// @notice Whether deposits of `l1Token` are credited on Mooring, and the ERC-20 they
    ///         credit (`address(0)` for BNB, the native coin).
    function l2TokenOf(address l1Token) external view returns (bool bridged, address l2Token);
}

/// @dev The precompile's address.
IMooringBridge constant MOORING_BRIDGE = IMooringBridge(0x000000000000000000000000000000000B1D0000);
