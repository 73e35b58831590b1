// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IMooringPayments
/// @notice PayPIN handles and invoices of the payments pallet, as a precompile on Mooring at
///         0x000000000000000000000000000000000CA50000. A token is `address(0)` for BNB or the
///         ERC-20 address of a `pallet-assets` asset (docs/developer.md, "Precompiles").
///         Payments run every check of the pallet's own calls (the handle's accepted assets,
///         the owner's payer requirement, the invoice's payer, amount and due date) and move the
///         caller's balance; they are not payable. Fee sponsorship does not apply: the caller
///         pays its gas.
interface IMooringPayments {
    /// @notice `payer` paid `amount` of `token` to `to`, the owner of the handle whose keccak256
    ///         is `handleHash`.
    event HandlePaid(
        bytes32 indexed handleHash, address indexed payer, address indexed to, address token, uint256 amount, bytes32 memo
    );

    /// @notice `payer` paid invoice `id` to its holder.
    event InvoicePaid(uint64 indexed id, address indexed payer, address indexed holder, address token, uint256 amount);

    /// @notice The owner of `handle` (any case; `found` false for an unknown or malformed one),
    ///         the owner's DID if linked, and the token the owner prefers (`onlyPreferred`: the
    ///         only one accepted).
    function resolveHandle(string calldata handle)
        external
        view
        returns (bool found, address owner, bytes32 did, address preferredToken, bool onlyPreferred);

    /// @notice Pays `amount` of `token` from the caller to the owner of `handle`; `memo` (zero
    ///         for none) is recorded with the payment. Reverts with the pallet's reason
    ///         (`UnknownHandle`, `AssetRefused`, `PayerRequirementNotMet`...).
    /// @return to The owner paid.
    function payHandle(string calldata handle, address token, uint256 amount, bytes32 memo)
        external
        returns (address to);

    /// @notice Invoice `id`: its holder (who is paid), the only payer allowed (zero: anyone),
    ///         token, exact amount, due time (Unix ms, 0: none), the hash of the merchant's reference and
    ///         status (1 open, 2 paid, 3 cancelled, 4 expired; 0 with `found` false).
    function invoice(uint64 id)
        external
        view
        returns (
            bool found,
            address holder,
            address payer,
            address token,
            uint256 amount,
            uint64 due,
            bytes32 referenceHash,
            uint8 status
        );

    /// @notice Pays open invoice `id` from the caller; `amount` must equal the invoice's.
    function payInvoice(uint64 id, uint256 amount) external;
}

/// @dev The precompile's address.
IMooringPayments constant MOORING_PAYMENTS = IMooringPayments(0x000000000000000000000000000000000cA50000);
