//! Types stored and exchanged by the payments pallet, and the hooks the runtime plugs in.

extern crate alloc;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use mooring_primitives::identity::{DidId, SchemaId};
use polkadot_sdk::{
	frame_support::{
		pallet_prelude::{ConstU32, Get, Weight},
		traits::fungible::NativeOrWithId,
		BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
	},
	sp_runtime::{
		helpers_128bit::multiply_by_rational_with_rounding,
		traits::{Saturating, UniqueSaturatedInto, Zero},
		Perbill, Rounding,
	},
};
use scale_info::TypeInfo;

/// Fewest bytes in a handle.
pub const MIN_HANDLE_LEN: u32 = 3;
/// Most bytes in a handle.
pub const MAX_HANDLE_LEN: u32 = 32;

/// A PayPIN handle in canonical form (see [`canonical_handle`]).
pub type Handle = BoundedVec<u8, ConstU32<MAX_HANDLE_LEN>>;
/// A hash of an off-chain memo or invoice reference: the chain never sees the content.
pub type MemoHash = [u8; 32];
/// Identifies an invoice.
pub type InvoiceId = u64;
/// Identifies an escrow.
pub type EscrowId = u64;
/// Identifies a stream.
pub type StreamId = u64;
/// Unix time in milliseconds, as `pallet-timestamp` keeps it.
pub type Moment = u64;

/// What a payment is made in: the native token or a `pallet-assets` asset.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum AssetKind<AssetId> {
	/// The native token (bridged BNB).
	Native,
	/// An asset of `pallet-assets`.
	Asset(AssetId),
}

impl<AssetId: Ord> From<NativeOrWithId<AssetId>> for AssetKind<AssetId> {
	fn from(asset: NativeOrWithId<AssetId>) -> Self {
		match asset {
			NativeOrWithId::Native => AssetKind::Native,
			NativeOrWithId::WithId(id) => AssetKind::Asset(id),
		}
	}
}

impl<AssetId: Ord> From<AssetKind<AssetId>> for NativeOrWithId<AssetId> {
	fn from(asset: AssetKind<AssetId>) -> Self {
		match asset {
			AssetKind::Native => NativeOrWithId::Native,
			AssetKind::Asset(id) => NativeOrWithId::WithId(id),
		}
	}
}

/// Why a string is not a well-formed handle.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum HandleError {
	/// Fewer than [`MIN_HANDLE_LEN`] bytes.
	TooShort,
	/// More than [`MAX_HANDLE_LEN`] bytes.
	TooLong,
	/// A byte outside `a-z`, `A-Z` (folded to lower case), `0-9`, `-` and `_`.
	InvalidCharacter,
	/// The first character is not a letter.
	MustStartWithLetter,
	/// The last character is `-` or `_`.
	MustEndWithLetterOrDigit,
	/// Two separators (`-` or `_`) in a row.
	ConsecutiveSeparators,
}

/// Checks a handle and returns its canonical form.
///
/// Rules: 3 to 32 ASCII characters from `a-z`, `0-9`, `-` and `_`; the first is a letter, the
/// last a letter or digit, and no two separators follow each other. To keep look-alike handles
/// apart, upper-case letters are folded to lower case and `_` is folded to `-`, so `Alice_Pay`,
/// `alice_pay` and `alice-pay` are one handle, stored as `alice-pay`. Non-ASCII bytes are refused,
/// which rules out Unicode homoglyphs.
pub fn canonical_handle(raw: &[u8]) -> Result<Handle, HandleError> {
	if raw.len() < MIN_HANDLE_LEN as usize {
		return Err(HandleError::TooShort);
	}
	if raw.len() > MAX_HANDLE_LEN as usize {
		return Err(HandleError::TooLong);
	}
	let mut out = Vec::with_capacity(raw.len());
	for &byte in raw {
		let folded = match byte {
			b'a'..=b'z' | b'0'..=b'9' | b'-' => byte,
			b'A'..=b'Z' => byte.to_ascii_lowercase(),
			b'_' => b'-',
			_ => return Err(HandleError::InvalidCharacter),
		};
		if folded == b'-' && out.last() == Some(&b'-') {
			return Err(HandleError::ConsecutiveSeparators);
		}
		out.push(folded);
	}
	if !out[0].is_ascii_lowercase() {
		return Err(HandleError::MustStartWithLetter);
	}
	if out[out.len() - 1] == b'-' {
		return Err(HandleError::MustEndWithLetterOrDigit);
	}
	Ok(Handle::truncate_from(out))
}

/// How the owner of a handle wants to be paid through it.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxAssets))]
#[codec(mel_bound(AssetId: MaxEncodedLen))]
pub struct ReceivePreferences<AssetId: Clone + PartialEq + core::fmt::Debug, MaxAssets: Get<u32>> {
	/// The asset the owner asks to be paid in; wallets offer it first.
	pub preferred: Option<AssetKind<AssetId>>,
	/// Refuse payments in any asset other than `preferred`.
	pub only_preferred: bool,
	/// Assets the owner refuses to receive through this handle.
	pub refused: BoundedVec<AssetKind<AssetId>, MaxAssets>,
}

impl<AssetId: Clone + PartialEq + core::fmt::Debug, MaxAssets: Get<u32>> Default
	for ReceivePreferences<AssetId, MaxAssets>
{
	fn default() -> Self {
		Self { preferred: None, only_preferred: false, refused: BoundedVec::new() }
	}
}

impl<AssetId: Clone + PartialEq + core::fmt::Debug, MaxAssets: Get<u32>>
	ReceivePreferences<AssetId, MaxAssets>
{
	/// Whether a payment in `asset` is accepted.
	pub fn accepts(&self, asset: &AssetKind<AssetId>) -> bool {
		if self.only_preferred && self.preferred.as_ref() != Some(asset) {
			return false;
		}
		!self.refused.contains(asset)
	}
}

/// A registered handle.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxAssets))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen, AssetId: MaxEncodedLen))]
pub struct HandleRecord<
	AccountId: Clone + PartialEq + core::fmt::Debug,
	Balance: Clone + PartialEq + core::fmt::Debug,
	AssetId: Clone + PartialEq + core::fmt::Debug,
	MaxAssets: Get<u32>,
> {
	/// The account payments to the handle go to.
	pub owner: AccountId,
	/// Storage deposit held from `owner`; zero for a reserved handle assigned by governance.
	pub deposit: Balance,
	/// How the owner wants to be paid.
	pub preferences: ReceivePreferences<AssetId, MaxAssets>,
}

/// A receiver's rule: only payers holding a valid claim of `schema` from the schema's default
/// trusted issuers may pay it.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct PayerRequirement<Balance> {
	/// The credential schema payers must hold.
	pub schema: SchemaId,
	/// Storage deposit held from the receiver.
	pub deposit: Balance,
}

/// Where an invoice stands, as stored.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum InvoiceState<AccountId> {
	/// Waiting for payment.
	Open,
	/// Paid by `payer` at `at` (Unix ms).
	Paid {
		/// Who paid.
		payer: AccountId,
		/// When.
		at: Moment,
	},
	/// Cancelled by its holder before payment.
	Cancelled,
}

/// The status of an invoice as clients see it.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum InvoiceStatus {
	/// Can be paid.
	Open,
	/// Paid once; cannot be paid again.
	Paid,
	/// Cancelled before payment.
	Cancelled,
	/// Not paid before its due time; can no longer be paid.
	Expired,
}

/// An invoice: a payment request that is also a transferable receivable.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Invoice<AccountId, AssetId, Balance> {
	/// Who issued it; pays and gets back the storage deposit.
	pub merchant: AccountId,
	/// Who is paid: the merchant, or the financier the receivable was assigned to.
	pub holder: AccountId,
	/// Only this account may pay, if set.
	pub payer: Option<AccountId>,
	/// What it is paid in.
	pub asset: AssetKind<AssetId>,
	/// The exact amount due.
	pub amount: Balance,
	/// It cannot be paid after this time (Unix ms), if set.
	pub due: Option<Moment>,
	/// Hash of the merchant's off-chain reference (order id, invoice document).
	pub reference: MemoHash,
	/// Open, paid or cancelled.
	pub state: InvoiceState<AccountId>,
	/// Storage deposit held from `merchant`.
	pub deposit: Balance,
}

impl<AccountId, AssetId, Balance> Invoice<AccountId, AssetId, Balance> {
	/// The status at `now` (Unix ms).
	pub fn status(&self, now: Moment) -> InvoiceStatus {
		match self.state {
			InvoiceState::Paid { .. } => InvoiceStatus::Paid,
			InvoiceState::Cancelled => InvoiceStatus::Cancelled,
			InvoiceState::Open if self.due.is_some_and(|due| now > due) => InvoiceStatus::Expired,
			InvoiceState::Open => InvoiceStatus::Open,
		}
	}
}

/// Funds a payer locked for a payee.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Escrow<AccountId, AssetId, Balance> {
	/// Who locked the funds; they stay on hold in this account until the escrow ends.
	pub payer: AccountId,
	/// Who receives them on release.
	pub payee: AccountId,
	/// Who may split the funds between payee and payer, if anyone.
	pub arbiter: Option<AccountId>,
	/// What is held.
	pub asset: AssetKind<AssetId>,
	/// How much is held.
	pub amount: Balance,
	/// From this time (Unix ms) the payee may claim the funds.
	pub release_at: Moment,
	/// Hash of an off-chain memo.
	pub memo: Option<MemoHash>,
	/// Storage deposit held from `payer`.
	pub deposit: Balance,
}

/// An arbiter's decision on an escrow.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum Resolution<Balance> {
	/// This share goes to the payee (rounded down); the rest returns to the payer.
	Split(Perbill),
	/// Exact amounts, which must sum to the escrowed amount.
	Amounts {
		/// Paid to the payee.
		to_payee: Balance,
		/// Returned to the payer.
		to_payer: Balance,
	},
}

/// A linear payment stream.
///
/// Funds accrue linearly from `rate_start` to `stop`, on top of `accrued_at_rate_start`; nothing
/// can be withdrawn before `cliff`. A top-up re-bases the line at the top-up time: what had
/// accrued stays accrued and the rest (old remainder plus top-up) streams until the (possibly
/// extended) stop, so the rate rises. All divisions round down, so the recipient never gets
/// more than has accrued; at `stop` exactly `total` has accrued.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Stream<AccountId, AssetId, Balance> {
	/// Who pays; the unwithdrawn funds stay on hold in this account.
	pub sender: AccountId,
	/// Who withdraws what accrues.
	pub recipient: AccountId,
	/// What streams.
	pub asset: AssetKind<AssetId>,
	/// Everything the stream will have paid at `stop`.
	pub total: Balance,
	/// Already paid to the recipient.
	pub withdrawn: Balance,
	/// When the stream began (Unix ms).
	pub start: Moment,
	/// Nothing is withdrawable before this time; `start` if the stream has no cliff.
	pub cliff: Moment,
	/// When everything has accrued.
	pub stop: Moment,
	/// Start of the current linear segment: `start`, or the time of the last top-up.
	pub rate_start: Moment,
	/// What had accrued at `rate_start` (ignoring the cliff).
	pub accrued_at_rate_start: Balance,
	/// Storage deposit held from `sender`.
	pub deposit: Balance,
}

impl<AccountId, AssetId, Balance> Stream<AccountId, AssetId, Balance>
where
	Balance: Copy + Ord + Zero + Saturating + UniqueSaturatedInto<u128> + TryFrom<u128>,
{
	/// What has accrued at `now`, ignoring the cliff.
	pub fn accrued_ignoring_cliff(&self, now: Moment) -> Balance {
		if now >= self.stop {
			return self.total;
		}
		if now <= self.rate_start {
			return self.accrued_at_rate_start;
		}
		let streaming = self.total.saturating_sub(self.accrued_at_rate_start);
		let elapsed = (now - self.rate_start) as u128;
		let duration = (self.stop - self.rate_start) as u128;
		let part = multiply_by_rational_with_rounding(
			streaming.unique_saturated_into(),
			elapsed,
			duration,
			Rounding::Down,
		)
		.and_then(|v| Balance::try_from(v).ok())
		.unwrap_or_else(Zero::zero);
		self.accrued_at_rate_start.saturating_add(part)
	}

	/// What has accrued at `now`: zero before the cliff.
	pub fn accrued(&self, now: Moment) -> Balance {
		if now < self.cliff {
			return Zero::zero();
		}
		self.accrued_ignoring_cliff(now)
	}

	/// What the recipient can withdraw at `now`.
	pub fn withdrawable(&self, now: Moment) -> Balance {
		self.accrued(now).saturating_sub(self.withdrawn)
	}

	/// What is still held for the stream: paid in and not yet withdrawn.
	pub fn held(&self) -> Balance {
		self.total.saturating_sub(self.withdrawn)
	}

	/// Whether everything has accrued and been withdrawn at `now`.
	pub fn is_finished(&self, now: Moment) -> bool {
		now >= self.stop && self.withdrawn >= self.total
	}
}

/// What payments a merchant sponsors.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct SponsorTerms<AssetId, Balance> {
	/// The largest fee the merchant pays for one payment.
	pub max_fee_per_payment: Balance,
	/// At most this many sponsored payments per block (0 pauses the sponsorship).
	pub max_payments_per_block: u32,
	/// The one asset whose payments are sponsored: a sponsorship of any asset would pay the
	/// fees of payments in an asset the payer mints for itself, draining the budget.
	pub asset: AssetKind<AssetId>,
	/// Only payments of at least this amount of `asset`, so dust payments cannot drain the
	/// budget.
	pub min_amount: Balance,
}

/// A merchant's offer to pay the transaction fees of payments made to it.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Sponsorship<AssetId, Balance, BlockNumber> {
	/// What is sponsored.
	pub terms: SponsorTerms<AssetId, Balance>,
	/// Native funds held from the merchant to pay fees.
	pub budget: Balance,
	/// The block `used_in_block` counts for.
	pub block: BlockNumber,
	/// Sponsored payments in `block`.
	pub used_in_block: u32,
	/// Storage deposit held from the merchant.
	pub deposit: Balance,
}

/// The payers whose fees were sponsored in one block (each at most once per block).
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxPayers))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct SponsoredBlock<
	AccountId: Clone + PartialEq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + core::fmt::Debug,
	MaxPayers: Get<u32>,
> {
	/// The block.
	pub block: BlockNumber,
	/// Payers sponsored in it.
	pub payers: BoundedVec<AccountId, MaxPayers>,
}

/// Result of resolving a handle: what a wallet needs to pay it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct HandleResolution<AccountId, AssetId> {
	/// The handle in canonical form.
	pub handle: Vec<u8>,
	/// The account payments go to.
	pub owner: AccountId,
	/// The owner's `did:mooring` DID, if the account is linked to one.
	pub did: Option<DidId>,
	/// The asset the owner asks to be paid in.
	pub preferred: Option<AssetKind<AssetId>>,
	/// Whether only `preferred` is accepted.
	pub only_preferred: bool,
	/// Assets refused through this handle.
	pub refused: Vec<AssetKind<AssetId>>,
	/// The claim schema payers must hold, if the owner requires one.
	pub payer_requirement: Option<SchemaId>,
	/// Whether the handle is a reserved name assigned by governance.
	pub reserved: bool,
}

/// Why a handle could not be resolved.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum ResolveError {
	/// The string breaks the handle rules.
	Malformed(HandleError),
	/// Well formed, but nobody holds it.
	Unknown,
}

/// An invoice with its status at the queried block.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct InvoiceView<AccountId, AssetId, Balance> {
	/// The invoice as stored.
	pub invoice: Invoice<AccountId, AssetId, Balance>,
	/// Its status now.
	pub status: InvoiceStatus,
}

/// Fees for fee sponsorship. The runtime implements it with `pallet-transaction-payment`.
pub trait FeeOracle<Balance> {
	/// The fee a signed transaction carrying a call of this weight and encoded length would pay
	/// (without tip).
	fn fee(call_weight: Weight, call_len: u32) -> Balance;

	/// Whether the signer of the transaction being dispatched was charged its fee (the fee was
	/// not skipped as feeless). The runtime answers with
	/// `pallet_transaction_payment::Pallet::remaining_txfee() > 0`.
	fn signer_was_charged() -> bool;
}

/// No fees and no sponsorship: every signer is deemed charged.
impl<Balance: Zero> FeeOracle<Balance> for () {
	fn fee(_: Weight, _: u32) -> Balance {
		Zero::zero()
	}

	fn signer_was_charged() -> bool {
		true
	}
}

/// Splits `amount` by an arbiter's resolution into (to payee, to payer).
pub fn split_resolution<Balance>(
	amount: Balance,
	resolution: &Resolution<Balance>,
) -> Option<(Balance, Balance)>
where
	Balance: Copy + PartialEq + Saturating + polkadot_sdk::sp_runtime::traits::AtLeast32BitUnsigned,
{
	match resolution {
		Resolution::Split(share) => {
			let to_payee = share.mul_floor(amount);
			Some((to_payee, amount.saturating_sub(to_payee)))
		},
		Resolution::Amounts { to_payee, to_payer } => {
			let sum = to_payee.checked_add(to_payer)?;
			(sum == amount).then_some((*to_payee, *to_payer))
		},
	}
}

/// Hooks for benchmarks that need runtime-specific setup.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, AssetId> {
	/// Creates a fresh asset with minimum balance 1, mintable through `fungibles::Mutate`.
	fn create_asset(seed: u32) -> AssetId;
	/// Sets the time `Config::Time` reports, in Unix milliseconds.
	fn set_time(now: Moment);
}
