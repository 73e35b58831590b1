// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MOORING_BRIDGE} from "../bridge/IMooringBridge.sol";

/// @title TokenForwarder
/// @notice Test contract: moves its callers' tokens with their allowance, as a DEX router or a
///         checkout does, and withdraws tokens it holds to BNB Chain through the bridge
///         precompile.
contract TokenForwarder {
    using SafeERC20 for IERC20;

    /// @notice Moves `amount` of `token` from the caller to `to`.
    function forward(IERC20 token, address to, uint256 amount) external {
        token.safeTransferFrom(msg.sender, to, amount);
    }

    /// @notice Takes `amount` of `token` from the caller and withdraws it to `l1Recipient`.
    function forwardToL1(IERC20 token, address l1Token, address l1Recipient, uint256 amount)
        external
        returns (uint64 nonce)
    {
        token.safeTransferFrom(msg.sender, address(this), amount);
        return MOORING_BRIDGE.withdraw(l1Recipient, l1Token, amount);
    }
}
