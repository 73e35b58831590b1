// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";

/// @title IMooringRwaToken
/// @notice An RWA asset of the RWA pallet (or a leg of a split bond) as an ERC-20, a precompile
///         on Mooring at `rwaToken(assetId)`. Every transfer runs the pallet's compliance (the
///         asset's requirements, restrictions, freezes and pause), as the pallet's own calls do;
///         a refused transfer reverts with the pallet's reason (`ReceiverNotCompliant`,
///         `LockupActive`, `AssetPaused`...), which `canTransfer` gives beforehand.
interface IMooringRwaToken is IERC20Metadata {
    /// @notice ERC-1400: whether `from` could send `value` to `to` now.
    /// @return code ERC-1066: 0x51 success; 0x50 failure, 0x52 insufficient balance, 0x53
    ///         insufficient allowance, 0x54 transfers halted, 0x55 funds locked, 0x56 invalid
    ///         sender, 0x57 invalid receiver, 0x58 invalid operator.
    /// @return reason The pallet error a transfer would revert with, ASCII, zero-padded; zero on
    ///         success.
    function canTransfer(address from, address to, uint256 value) external view returns (bytes1 code, bytes32 reason);

    /// @notice ERC-3643: whether transfers are halted (the asset, or the bond it is a leg of, is
    ///         paused by an agent).
    function paused() external view returns (bool);

    /// @notice ERC-3643: whether `account` may neither send nor receive the asset.
    function isFrozen(address account) external view returns (bool);
}

/// @dev The ERC-20 address of RWA asset `assetId`: the id in the top four bytes, 0x0121 in bytes
///      16-17 (asset 0 is 0x0000000000000000000000000000000001210000).
function rwaToken(uint32 assetId) pure returns (IMooringRwaToken) {
    return IMooringRwaToken(address(uint160(uint256(assetId) << 128 | uint256(0x01210000))));
}
