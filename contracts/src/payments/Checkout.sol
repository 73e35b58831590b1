// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MOORING_PAYMENTS} from "./IMooringPayments.sol";

/// @title Checkout
/// @notice Example: a shop's checkout that sells items at fixed prices in one token and pays the
///         merchant's PayPIN handle through the payments precompile, so the merchant's handle
///         preferences and payer requirement apply to every sale. Payments keep the paying
///         account alive: fund the contract once with the token's minimum balance (1 base unit
///         for a bridged token), which it keeps.
contract Checkout {
    using SafeERC20 for IERC20;

    /// @notice The merchant's handle, e.g. "coffee_shop".
    string public merchantHandle;
    /// @notice The ERC-20 prices are in (an asset's ERC-20 on Mooring).
    IERC20 public immutable token;
    /// @notice Price of each item, in the token's base units.
    mapping(uint256 itemId => uint256 price) public priceOf;

    error UnknownItem(uint256 itemId);

    /// @notice `buyer` bought `itemId`; the merchant `to` was paid `price`.
    event Sold(uint256 indexed itemId, address indexed buyer, address indexed to, uint256 price);

    constructor(string memory merchantHandle_, IERC20 token_, uint256[] memory prices) {
        merchantHandle = merchantHandle_;
        token = token_;
        for (uint256 i = 0; i < prices.length; i++) {
            priceOf[i] = prices[i];
        }
    }

    /// @notice Takes the price of `itemId` from the buyer (who approved this contract) and pays
    ///         it to the merchant's handle, with the item id as memo.
    function buy(uint256 itemId) external {
        uint256 price = priceOf[itemId];
        if (price == 0) revert UnknownItem(itemId);
        token.safeTransferFrom(msg.sender, address(this), price);
        address to = MOORING_PAYMENTS.payHandle(merchantHandle, address(token), price, bytes32(itemId));
        emit Sold(itemId, msg.sender, to, price);
    }
}
