// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title Timelock
/// @notice OpenZeppelin's {TimelockController}, unchanged, so that `contracts/build.mjs` emits an
///         artifact for `contracts/deploy.mjs --timelock-delay`: the admin of the L1 contracts on
///         production, so that every admin action is announced `minDelay` seconds before it runs.
contract Timelock is TimelockController {
    /// @param minDelay seconds between scheduling an operation and executing it.
    /// @param proposers accounts that may schedule (and cancel) operations.
    /// @param executors accounts that may execute ready operations; address(0) lets anyone.
    /// @param admin an optional extra admin of the timelock's roles; address(0) leaves the timelock
    ///        administering itself (role changes then go through the delay too).
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors, address admin)
        TimelockController(minDelay, proposers, executors, admin)
    {}
}
