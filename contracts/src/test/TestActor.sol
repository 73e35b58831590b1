// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title TestActor
/// @notice Test-only: a contract account for the contract tests. It forwards calls (so that
///         msg.sender is a contract), can refuse BNB, and can re-enter a target when it receives BNB,
///         recording the outcome. Never deployed to a real chain.
contract TestActor {
    bool public acceptEther = true;
    address public reenterTarget;
    bytes public reenterData;
    bool public reentered;
    bool public reenterSucceeded;
    bytes public reenterResult;

    /// @notice Calls `target` with `data` and `msg.value`, bubbling up a revert.
    function forward(address target, bytes calldata data) external payable returns (bytes memory) {
        (bool ok, bytes memory result) = target.call{value: msg.value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
        return result;
    }

    function setAcceptEther(bool accept) external {
        acceptEther = accept;
    }

    /// @notice On the next receipt of BNB, call `target` with `data` and record the outcome.
    function setReenter(address target, bytes calldata data) external {
        reenterTarget = target;
        reenterData = data;
    }

    receive() external payable {
        if (reenterTarget != address(0)) {
            address target = reenterTarget;
            reenterTarget = address(0);
            (bool ok, bytes memory result) = target.call(reenterData);
            reentered = true;
            reenterSucceeded = ok;
            reenterResult = result;
        }
        require(acceptEther, "TestActor: refuses BNB");
    }
}
