// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FeeToken
/// @notice Test-only: a misbehaving ERC-20. It burns `feeBps` / 10000 of every transfer between two
///         accounts (fee-on-transfer), and with `returnFalse` set its transfers do nothing and return
///         false instead of reverting. The whole supply goes to the deployer. Never deployed to a real
///         chain.
contract FeeToken is ERC20 {
    uint256 public immutable feeBps;
    bool public returnFalse;

    constructor(uint256 feeBps_, uint256 supply) ERC20("Fee Token", "FEE") {
        require(feeBps_ <= 10_000, "FeeToken: fee above 100%");
        feeBps = feeBps_;
        _mint(msg.sender, supply);
    }

    function setReturnFalse(bool value) external {
        returnFalse = value;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        return returnFalse ? false : super.transfer(to, value);
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        return returnFalse ? false : super.transferFrom(from, to, value);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            uint256 fee = value * feeBps / 10_000;
            super._update(from, address(0), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}
