//! # Bridge pallet
//!
//! The L2 end of the Mooring bridge to BNB Chain (L1). Formats are shared with the L1 contracts
//! through `mooring_primitives::bridge` (Solidity twin: `contracts/src/lib/Formats.sol`).
//!
//! ## The Portal the bridge settles to
//!
//! The bridge settles to one L1 Portal at a time, [`SettlementPortal`] (its chain id and address),
//! set at genesis or by [`Config::GovernanceOrigin`] with [`Pallet::set_portal`]. Every withdrawal
//! leaf names it, so only that Portal (or a successor it retires into) pays it, and
//! [`Pallet::relay_deposits`] takes deposits only from it. Until one is set, withdrawals and
//! deposits are refused. Moving to a new Portal never reuses one ([`PastPortals`]) and never
//! moves the deposit nonce back: the new Portal continues the old one's nonces
//! (`docs/operator.md`, "Moving to a new Portal").
//!
//! ## Deposits (L1 → L2)
//!
//! `Portal.deposit*` on L1 emits `DepositInitiated` with a nonce that grows by one per deposit.
//! An authorized relayer ([`Relayers`], managed by [`Config::GovernanceOrigin`]) submits them
//! with [`Pallet::relay_deposits`], naming the Portal they come from, which must be
//! [`SettlementPortal`]: the first nonce must be [`NextDepositNonce`] and the rest
//! consecutive, or the whole call fails with [`Error::UnexpectedDepositNonce`] and changes
//! nothing. Every nonce is therefore applied exactly once and in order. BNB (token address zero)
//! mints the native token; a BEP-20 mints the `pallet-assets` asset governance mapped to it
//! ([`Pallet::register_token`]), one smallest unit for one (the L2 asset must have the token's
//! decimals). A mapped asset is created by the bridge and controlled by it alone: its owner,
//! issuer, admin and freezer are the bridge's account ([`Pallet::account_id`]), so every unit of
//! it was minted by a deposit, and an asset once mapped to a token is never mapped to another
//! ([`MappedBefore`]). A deposit whose credit fails (unmapped token, below the minimum balance, a
//! non-sufficient asset for an account that does not exist, ...) is parked in
//! [`FailedDeposits`] and its nonce is consumed all the same, so one bad deposit never blocks the
//! queue; anyone may [`Pallet::retry_deposit`] it once the cause is gone. A zero amount credits
//! nothing and counts as applied (the Portal never emits one). Successful relay calls are free.
//!
//! ## Withdrawals (L2 → L1)
//!
//! [`Pallet::withdraw`] burns the caller's native token or mapped asset and appends a
//! [`WithdrawalLeaf`] to the withdrawal tree: an append-only keccak Merkle tree of depth 32 whose
//! root goes into every output root the proposer posts to L1. The leaf with nonce `n` sits at
//! index `n`, which is also how the Portal marks it paid. The tree keeps its frontier
//! ([`WithdrawalTree`], O(32) per append) and every node whose subtree is complete
//! ([`WithdrawalTreeNodes`], about two writes per append), so [`Pallet::withdrawal_proof`] reads
//! at most 63 nodes whatever the number of withdrawals. The tree takes `2^32 - 1` leaves.
//!
//! Burns use [`Preservation::Expendable`]: a user may withdraw the whole balance (the
//! account is reaped), but the currency keeps the existential deposit of an account that other
//! pallets still depend on (consumers), so the burn never kills an account it must not. A
//! withdrawal that would leave a remainder below the minimum balance is refused
//! ([`Error::WouldLeaveDust`]) rather than letting the currency destroy that remainder unbridged.
//!
//! ## The withdrawals root in every header
//!
//! At the end of every block ([`Hooks::on_finalize`]) the pallet writes the current withdrawal
//! tree root into the block's header as a digest log
//! ([`mooring_primitives::bridge::withdrawals_root_log`]). The L1 contracts check header chains
//! (BLAKE2b-256) against the batch anchors, so an output whose withdrawals root differs from
//! the one its block's header commits to can be proven faulty by anyone
//! (`OutputOracle.proveOutputFault`, `docs/security.md`).
//!
//! ## Amounts
//!
//! L2 balances are `u128`, L1 amounts `uint256`: the Portal refuses deposits above `u128::MAX`,
//! and a withdrawal's `u128` widens losslessly into the leaf's `uint256`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use runtime_api::WithdrawalProof;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

use mooring_primitives::bridge::{proof_from_completed_nodes, withdrawals_root_log};
use polkadot_sdk::{
	frame_support::{
		self,
		traits::tokens::{Fortitude, Precision, Preservation},
	},
	frame_system,
	sp_core::H256,
};

/// Gives benchmarks assets the bridge can map and mint.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AssetId> {
	/// Creates a new asset (distinct for each `seed`), sufficient or not, with a minimum balance
	/// of at most 1, and returns its id.
	fn create_asset(seed: u32, is_sufficient: bool) -> AssetId;

	/// An asset id (distinct for each `seed`) that no asset has.
	fn free_asset_id(seed: u32) -> AssetId;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{self, Inspect as _, Mutate as _},
			fungibles::{self, roles::Inspect as _, Create as _, Inspect as _, Mutate as _},
			BuildGenesisConfig,
		},
		BoundedBTreeSet,
	};
	use frame_system::pallet_prelude::*;

	/// The in-code storage version: the layout every network starts with. A change of layout
	/// after a network launched bumps it and ships a migration (docs/chain-operator.md).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		polkadot_sdk::frame_system::Config<
		RuntimeEvent: From<Event<Self>>,
		AccountId: AsRef<[u8; 32]>,
	>
	{
		/// The native token (bridged BNB, 18 decimals like wei).
		type Currency: fungible::Mutate<Self::AccountId, Balance = u128>
			+ fungible::Inspect<Self::AccountId, Balance = u128>;

		/// Identifies a `pallet-assets` asset.
		type AssetId: Parameter + MaxEncodedLen + Copy + Ord + MaybeSerializeDeserialize;

		/// The assets bridged BEP-20 tokens are minted as.
		type Assets: fungibles::Mutate<Self::AccountId, AssetId = Self::AssetId, Balance = u128>
			+ fungibles::Inspect<Self::AccountId, AssetId = Self::AssetId, Balance = u128>
			+ fungibles::Create<Self::AccountId>
			+ fungibles::roles::Inspect<Self::AccountId>;

		/// The bridge's own account ([`Pallet::account_id`]): owner, issuer, admin and freezer
		/// of every mapped asset.
		#[pallet::constant]
		type PalletId: Get<frame_support::PalletId>;

		/// Maps tokens and manages the relayer set.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The most deposits one `relay_deposits` call carries.
		#[pallet::constant]
		type MaxDepositsPerCall: Get<u32>;

		/// The most authorized relayers.
		#[pallet::constant]
		type MaxRelayers: Get<u32>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Creates assets for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AssetId>;
	}

	/// The deposit of `T`.
	pub type DepositOf<T> = Deposit<<T as frame_system::Config>::AccountId>;

	/// The deposit nonce the bridge expects next.
	#[pallet::storage]
	pub type NextDepositNonce<T> = StorageValue<_, u64, ValueQuery>;

	/// The L1 Portal the bridge settles to: withdrawal leaves name it, deposits come from it.
	/// `None` until genesis or governance sets one (withdrawals and deposits are refused).
	#[pallet::storage]
	pub type SettlementPortal<T> = StorageValue<_, L1Contract>;

	/// Every Portal the bridge ever settled to, current one included: never set again, so that
	/// a Portal's deposits are never credited twice.
	#[pallet::storage]
	pub type PastPortals<T> = StorageMap<_, Blake2_128Concat, L1Contract, ()>;

	/// The accounts allowed to relay deposits.
	#[pallet::storage]
	pub type Relayers<T: Config> =
		StorageValue<_, BoundedBTreeSet<T::AccountId, T::MaxRelayers>, ValueQuery>;

	/// The asset each bridged BEP-20 token is minted as.
	#[pallet::storage]
	pub type TokenToAsset<T: Config> = StorageMap<_, Blake2_128Concat, L1Token, T::AssetId>;

	/// The BEP-20 token each mapped asset is paid out as (inverse of [`TokenToAsset`]).
	#[pallet::storage]
	pub type AssetToToken<T: Config> = StorageMap<_, Blake2_128Concat, T::AssetId, L1Token>;

	/// Every asset ever mapped, with its token; kept after deregistration, so that an asset is
	/// never mapped to another token (its holders' balances would change meaning).
	#[pallet::storage]
	pub type MappedBefore<T: Config> = StorageMap<_, Blake2_128Concat, T::AssetId, L1Token>;

	/// The frontier of the withdrawal tree and its leaf count.
	#[pallet::storage]
	pub type WithdrawalTree<T> = StorageValue<_, IncrementalMerkleTree, ValueQuery>;

	/// Every withdrawal, by nonce.
	#[pallet::storage]
	pub type Withdrawals<T> = StorageMap<_, Twox64Concat, u64, WithdrawalLeaf>;

	/// The root of every complete subtree of the withdrawal tree, by height and position
	/// (height 0: the leaf hashes). Proofs are built from these.
	#[pallet::storage]
	pub type WithdrawalTreeNodes<T> =
		StorageDoubleMap<_, Twox64Concat, u32, Twox64Concat, u64, H256>;

	/// Deposits whose credit failed, by nonce, until a retry succeeds.
	#[pallet::storage]
	pub type FailedDeposits<T: Config> = StorageMap<_, Twox64Concat, u64, DepositOf<T>>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The authorized relayers.
		pub relayers: Vec<T::AccountId>,
		/// BEP-20 tokens and the assets they are minted as.
		pub token_mappings: Vec<(L1Token, T::AssetId)>,
		/// The first deposit nonce expected (0 for a new Portal).
		pub next_deposit_nonce: u64,
		/// The Portal the bridge settles to from genesis; `None` leaves it to governance
		/// ([`Pallet::set_portal`]) once the L1 contracts are deployed.
		pub portal: Option<L1Contract>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let mut relayers = BoundedBTreeSet::<T::AccountId, T::MaxRelayers>::new();
			for relayer in &self.relayers {
				let added = relayers.try_insert(relayer.clone()).expect("too many relayers");
				assert!(added, "duplicate relayer in the bridge genesis");
			}
			// Genesis relayers exist without a balance, so their feeless relays pass the nonce
			// check before the first deposit brings any coin to the chain.
			for relayer in &relayers {
				frame_system::Pallet::<T>::inc_providers(relayer);
			}
			Relayers::<T>::put(relayers);
			for (token, asset) in &self.token_mappings {
				assert!(*token != NATIVE_TOKEN, "the zero address is BNB, not a token");
				assert!(!TokenToAsset::<T>::contains_key(token), "token mapped twice");
				assert!(!AssetToToken::<T>::contains_key(asset), "asset mapped twice");
				TokenToAsset::<T>::insert(token, asset);
				AssetToToken::<T>::insert(asset, token);
				MappedBefore::<T>::insert(asset, token);
			}
			NextDepositNonce::<T>::put(self.next_deposit_nonce);
			if let Some(portal) = self.portal {
				assert!(Pallet::<T>::is_valid_portal(&portal), "invalid bridge portal");
				SettlementPortal::<T>::put(portal);
				PastPortals::<T>::insert(portal, ());
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An L1 deposit was credited on L2.
		DepositRelayed { nonce: u64, recipient: T::AccountId, l1_token: L1Token, amount: u128 },
		/// An L1 deposit could not be credited; it is parked in `FailedDeposits` and its nonce
		/// is consumed.
		DepositFailed { nonce: u64, reason: DispatchError },
		/// A parked deposit was credited.
		DepositRetried { nonce: u64, recipient: T::AccountId, l1_token: L1Token, amount: u128 },
		/// Funds were burned on L2 to be paid out on L1 once an output covers this block.
		WithdrawalInitiated {
			nonce: u64,
			sender: T::AccountId,
			l1_recipient: L1Address,
			l1_token: L1Token,
			amount: u128,
			leaf_hash: H256,
		},
		/// A BEP-20 token was mapped to an asset.
		TokenRegistered { l1_token: L1Token, asset: T::AssetId },
		/// A BEP-20 token's mapping was removed.
		TokenDeregistered { l1_token: L1Token, asset: T::AssetId },
		/// An account may now relay deposits.
		RelayerAdded { who: T::AccountId },
		/// An account may no longer relay deposits.
		RelayerRemoved { who: T::AccountId },
		/// The bridge now settles to `portal`: later withdrawals name it and deposits come from
		/// it, starting at `next_deposit_nonce`.
		PortalChanged { portal: L1Contract, next_deposit_nonce: u64 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not an authorized relayer.
		NotRelayer,
		/// The call carries no deposits.
		NoDeposits,
		/// The deposits do not start at `NextDepositNonce` or are not consecutive (a gap or a
		/// repeat); read `NextDepositNonce` (`bridge_nextDepositNonce`) and resubmit from there.
		UnexpectedDepositNonce,
		/// The deposit nonce cannot advance past `u64::MAX`.
		DepositNonceOverflow,
		/// No parked deposit has this nonce.
		NoFailedDeposit,
		/// A BEP-20 deposit names a token that is not mapped to an asset (a credit failure).
		UnknownToken,
		/// The L1 recipient is the zero address.
		ZeroRecipient,
		/// The amount is zero.
		ZeroAmount,
		/// The asset is not mapped to a BEP-20 token.
		UnmappedAsset,
		/// The withdrawal tree is full.
		WithdrawalTreeFull,
		/// The withdrawal would leave less than the minimum balance, which would be lost as
		/// dust: withdraw everything or leave at least the minimum.
		WouldLeaveDust,
		/// The zero address stands for BNB and cannot be mapped.
		NativeTokenNotMappable,
		/// The token is already mapped.
		TokenAlreadyRegistered,
		/// The asset is already mapped to a token.
		AssetAlreadyRegistered,
		/// The asset's owner, issuer, admin or freezer is not the bridge's account: someone else
		/// could mint or freeze it.
		AssetNotBridgeControlled,
		/// The asset exists and was never mapped to this token: the bridge maps only assets it
		/// creates, so that no unit exists that no deposit minted. Choose an unused asset id.
		AssetAlreadyExists,
		/// The asset was mapped to another token before; it can only be mapped to that one.
		AssetMappedToAnotherToken,
		/// The token is not mapped.
		TokenNotRegistered,
		/// The account is already a relayer.
		AlreadyRelayer,
		/// The account is not a relayer.
		UnknownRelayer,
		/// The relayer set is full.
		TooManyRelayers,
		/// No settlement Portal is set yet: governance sets one with `set_portal` once the L1
		/// contracts are deployed.
		NoPortal,
		/// The deposits come from another Portal than the one the bridge settles to
		/// (`bridge_portal`).
		WrongPortal,
		/// A Portal needs a non-zero chain id and address.
		InvalidPortal,
		/// The bridge settled to this Portal before; its deposit nonces were consumed.
		PortalUsedBefore,
		/// The new Portal's first deposit nonce is not `NextDepositNonce` (or, for the first
		/// Portal, below it): a lower one would credit nonces again, a higher one would skip the
		/// old Portal's unrelayed deposits. Relay every deposit of the old Portal first, and deploy
		/// the new one continuing its nonces.
		DepositNonceMismatch,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Reserves the weight of [`Self::on_finalize`].
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			T::WeightInfo::on_finalize()
		}

		/// Commits the block's final withdrawals root in its header (one digest log).
		fn on_finalize(_n: BlockNumberFor<T>) {
			frame_system::Pallet::<T>::deposit_log(withdrawals_root_log(Self::withdrawals_root()));
		}

		fn integrity_test() {
			assert!(T::MaxDepositsPerCall::get() > 0, "MaxDepositsPerCall must be positive");
			assert!(T::MaxRelayers::get() > 0, "MaxRelayers must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(
			_n: BlockNumberFor<T>,
		) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Credits L1 deposits made to `portal`, which must be the settlement Portal; they must
		/// start at `NextDepositNonce` and be consecutive. Only an authorized relayer may call
		/// it. A call that will succeed is feeless (checked before dispatch, so a relayer needs
		/// no balance: on a new network no coin exists before the first deposit); one that
		/// fails pays its fee as usual.
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::relay_weight(deposits.len() as u32))]
		#[pallet::feeless_if(|origin: &OriginFor<T>, portal: &L1Contract, deposits: &BoundedVec<DepositOf<T>, T::MaxDepositsPerCall>| -> bool {
			Pallet::<T>::relay_would_succeed(origin, portal, deposits)
		})]
		pub fn relay_deposits(
			origin: OriginFor<T>,
			portal: L1Contract,
			deposits: BoundedVec<DepositOf<T>, T::MaxDepositsPerCall>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			ensure!(Relayers::<T>::get().contains(&who), Error::<T>::NotRelayer);
			ensure!(SettlementPortal::<T>::get() == Some(portal), Error::<T>::WrongPortal);
			ensure!(!deposits.is_empty(), Error::<T>::NoDeposits);
			let next_nonce = Self::check_sequence(&deposits)?;
			for deposit in deposits {
				Self::apply_deposit(deposit);
			}
			NextDepositNonce::<T>::put(next_nonce);
			Ok(Pays::No.into())
		}

		/// Burns `amount` of `asset` from the caller and records a withdrawal of it to
		/// `l1_recipient` on L1, payable by the settlement Portal.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::withdraw(MAX_COMPLETED_LEVELS))]
		pub fn withdraw(
			origin: OriginFor<T>,
			l1_recipient: L1Address,
			asset: BridgeAsset<T::AssetId>,
			amount: u128,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let receipt = Self::initiate_withdrawal(&who, l1_recipient, &asset, amount)?;
			Ok(Some(T::WeightInfo::withdraw(receipt.completed_levels)).into())
		}

		/// Credits a parked deposit again; anyone may call it.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::retry_deposit())]
		pub fn retry_deposit(origin: OriginFor<T>, nonce: u64) -> DispatchResult {
			ensure_signed(origin)?;
			let deposit = FailedDeposits::<T>::get(nonce).ok_or(Error::<T>::NoFailedDeposit)?;
			Self::credit(&deposit)?;
			FailedDeposits::<T>::remove(nonce);
			Self::deposit_event(Event::DepositRetried {
				nonce,
				recipient: deposit.recipient,
				l1_token: deposit.l1_token,
				amount: deposit.amount,
			});
			Ok(())
		}

		/// Maps the BEP-20 `l1_token` to `asset`: deposits of the token mint it, withdrawals of
		/// it pay the token out. The asset must not exist: the bridge creates it, sufficient with
		/// minimum balance 1, with its own account in every role, so every unit of it was minted
		/// by a deposit. The one exception is an asset this token was mapped to before
		/// ([`MappedBefore`]), whose roles must still all be the bridge's.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::register_token())]
		pub fn register_token(
			origin: OriginFor<T>,
			l1_token: L1Token,
			asset: T::AssetId,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(l1_token != NATIVE_TOKEN, Error::<T>::NativeTokenNotMappable);
			ensure!(!TokenToAsset::<T>::contains_key(l1_token), Error::<T>::TokenAlreadyRegistered);
			ensure!(!AssetToToken::<T>::contains_key(asset), Error::<T>::AssetAlreadyRegistered);
			if let Some(previous) = MappedBefore::<T>::get(asset) {
				ensure!(previous == l1_token, Error::<T>::AssetMappedToAnotherToken);
			}
			Self::take_control_of(asset, l1_token)?;
			TokenToAsset::<T>::insert(l1_token, asset);
			AssetToToken::<T>::insert(asset, l1_token);
			MappedBefore::<T>::insert(asset, l1_token);
			Self::deposit_event(Event::TokenRegistered { l1_token, asset });
			Ok(())
		}

		/// Removes the mapping of `l1_token`. Later deposits of it are parked and withdrawals of
		/// its asset refused until it is registered again.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::deregister_token())]
		pub fn deregister_token(origin: OriginFor<T>, l1_token: L1Token) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let asset = TokenToAsset::<T>::take(l1_token).ok_or(Error::<T>::TokenNotRegistered)?;
			AssetToToken::<T>::remove(asset);
			Self::deposit_event(Event::TokenDeregistered { l1_token, asset });
			Ok(())
		}

		/// Authorizes `who` to relay deposits.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::add_relayer())]
		pub fn add_relayer(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Relayers::<T>::try_mutate(|relayers| {
				ensure!(!relayers.contains(&who), Error::<T>::AlreadyRelayer);
				relayers.try_insert(who.clone()).map_err(|_| Error::<T>::TooManyRelayers)?;
				Ok::<_, DispatchError>(())
			})?;
			Self::deposit_event(Event::RelayerAdded { who });
			Ok(())
		}

		/// Revokes `who`'s authorization to relay deposits.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::remove_relayer())]
		pub fn remove_relayer(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Relayers::<T>::try_mutate(|relayers| {
				ensure!(relayers.remove(&who), Error::<T>::UnknownRelayer);
				Ok::<_, DispatchError>(())
			})?;
			Self::deposit_event(Event::RelayerRemoved { who });
			Ok(())
		}

		/// Settles the bridge to `portal` from now on: later withdrawals name it, and deposits
		/// are taken from it only, starting at `next_deposit_nonce`, which must equal
		/// `NextDepositNonce` when the bridge moves from another Portal (the new Portal continues
		/// the old one's nonces, every old deposit relayed) and not be below it for the first
		/// Portal. A Portal the bridge settled to before is refused. Withdrawals already made keep naming the old
		/// Portal, which pays them until it retires into its successor (`Portal.retire`).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_portal())]
		pub fn set_portal(
			origin: OriginFor<T>,
			portal: L1Contract,
			next_deposit_nonce: u64,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(Self::is_valid_portal(&portal), Error::<T>::InvalidPortal);
			ensure!(!PastPortals::<T>::contains_key(portal), Error::<T>::PortalUsedBefore);
			let expected = NextDepositNonce::<T>::get();
			let continues = match SettlementPortal::<T>::get() {
				Some(_) => next_deposit_nonce == expected,
				None => next_deposit_nonce >= expected,
			};
			ensure!(continues, Error::<T>::DepositNonceMismatch);
			SettlementPortal::<T>::put(portal);
			PastPortals::<T>::insert(portal, ());
			NextDepositNonce::<T>::put(next_deposit_nonce);
			Self::deposit_event(Event::PortalChanged { portal, next_deposit_nonce });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The bridge's own account: every role of every mapped asset.
		pub fn account_id() -> T::AccountId {
			use polkadot_sdk::sp_runtime::traits::AccountIdConversion;
			T::PalletId::get().into_account_truncating()
		}

		/// Creates `asset` with the bridge's account in every role. An existing asset is taken
		/// only if it was mapped to `l1_token` before and the bridge still holds every role: any
		/// other could carry units nobody deposited (minted before its roles were handed over).
		fn take_control_of(asset: T::AssetId, l1_token: L1Token) -> DispatchResult {
			let bridge = Self::account_id();
			if !T::Assets::asset_exists(asset) {
				return T::Assets::create(asset, bridge, true, 1);
			}
			ensure!(
				MappedBefore::<T>::get(asset) == Some(l1_token),
				Error::<T>::AssetAlreadyExists
			);
			let roles = [
				T::Assets::owner(asset),
				T::Assets::issuer(asset),
				T::Assets::admin(asset),
				T::Assets::freezer(asset),
			];
			ensure!(
				roles.iter().all(|role| role.as_ref() == Some(&bridge)),
				Error::<T>::AssetNotBridgeControlled
			);
			Ok(())
		}

		/// Whether `portal` can be settled to: a non-zero chain id and address.
		pub(crate) fn is_valid_portal(portal: &L1Contract) -> bool {
			portal.chain_id != 0 && portal.address != [0; 20]
		}

		/// The Portal the bridge settles to, if one is set.
		pub fn portal() -> Option<L1Contract> {
			SettlementPortal::<T>::get()
		}

		/// The weight of relaying `count` deposits: the costlier of all credited and all parked.
		pub fn relay_weight(count: u32) -> Weight {
			T::WeightInfo::relay_deposits(count).max(T::WeightInfo::relay_deposits_parked(count))
		}

		/// Whether `relay_deposits(portal, deposits)` from `origin` passes every check it makes
		/// before crediting: an authorized relayer, the settlement Portal, the next nonces. (It
		/// does not see the call filter: while safe mode or a pause stops relays, a relay passes
		/// this check and fails with `CallFiltered`; docs/security.md.)
		pub(crate) fn relay_would_succeed(
			origin: &OriginFor<T>,
			portal: &L1Contract,
			deposits: &[DepositOf<T>],
		) -> bool {
			let Ok(who) = ensure_signed(origin.clone()) else { return false };
			Relayers::<T>::get().contains(&who)
				&& SettlementPortal::<T>::get().as_ref() == Some(portal)
				&& !deposits.is_empty()
				&& Self::check_sequence(deposits).is_ok()
		}

		/// Checks that `deposits` continue the queue without gap or repeat; returns the nonce
		/// expected after them.
		pub(crate) fn check_sequence(deposits: &[DepositOf<T>]) -> Result<u64, DispatchError> {
			let mut expected = NextDepositNonce::<T>::get();
			for deposit in deposits {
				ensure!(deposit.nonce == expected, Error::<T>::UnexpectedDepositNonce);
				expected = expected.checked_add(1).ok_or(Error::<T>::DepositNonceOverflow)?;
			}
			Ok(expected)
		}

		/// Credits `deposit`, or parks it if that fails.
		fn apply_deposit(deposit: DepositOf<T>) {
			match Self::credit(&deposit) {
				Ok(()) => Self::deposit_event(Event::DepositRelayed {
					nonce: deposit.nonce,
					recipient: deposit.recipient,
					l1_token: deposit.l1_token,
					amount: deposit.amount,
				}),
				Err(reason) => {
					log::debug!(
						target: "runtime::bridge",
						"deposit {} parked: {:?}",
						deposit.nonce,
						reason
					);
					let nonce = deposit.nonce;
					FailedDeposits::<T>::insert(nonce, deposit);
					Self::deposit_event(Event::DepositFailed { nonce, reason });
				},
			}
		}

		/// Mints `deposit` to its recipient, all or nothing.
		pub(crate) fn credit(deposit: &DepositOf<T>) -> DispatchResult {
			frame_support::storage::with_storage_layer(|| -> DispatchResult {
				if deposit.l1_token == NATIVE_TOKEN {
					if deposit.amount > 0 {
						T::Currency::mint_into(&deposit.recipient, deposit.amount)?;
					}
				} else {
					let asset =
						TokenToAsset::<T>::get(deposit.l1_token).ok_or(Error::<T>::UnknownToken)?;
					if deposit.amount > 0 {
						T::Assets::mint_into(asset, &deposit.recipient, deposit.amount)?;
					}
				}
				Ok(())
			})
		}

		/// The L1 token `asset` is paid out as.
		fn l1_token_of(asset: &BridgeAsset<T::AssetId>) -> Result<L1Token, DispatchError> {
			match asset {
				BridgeAsset::Native => Ok(NATIVE_TOKEN),
				BridgeAsset::Asset(id) => {
					AssetToToken::<T>::get(id).ok_or_else(|| Error::<T>::UnmappedAsset.into())
				},
			}
		}

		/// Burns exactly `amount` of `asset` from `who`, refusing to leave a remainder below the
		/// minimum balance (the currency would destroy it as dust, unbridged).
		fn burn(
			who: &T::AccountId,
			asset: &BridgeAsset<T::AssetId>,
			amount: u128,
		) -> DispatchResult {
			let (balance, minimum) = match asset {
				BridgeAsset::Native => (T::Currency::balance(who), T::Currency::minimum_balance()),
				BridgeAsset::Asset(id) => {
					(T::Assets::balance(*id, who), T::Assets::minimum_balance(*id))
				},
			};
			let remaining = balance.saturating_sub(amount);
			ensure!(remaining == 0 || remaining >= minimum, Error::<T>::WouldLeaveDust);
			let (preservation, precision, force) =
				(Preservation::Expendable, Precision::Exact, Fortitude::Polite);
			match asset {
				BridgeAsset::Native => {
					T::Currency::burn_from(who, amount, preservation, precision, force)?;
				},
				BridgeAsset::Asset(id) => {
					T::Assets::burn_from(*id, who, amount, preservation, precision, force)?;
				},
			}
			Ok(())
		}

		/// Burns `amount` of `asset` from `who` and records its withdrawal to `l1_recipient`,
		/// payable by the settlement Portal: the work of `withdraw`, shared with the EVM bridge
		/// precompile. Charge `WeightInfo::withdraw(MAX_COMPLETED_LEVELS)` before calling it.
		pub fn initiate_withdrawal(
			who: &T::AccountId,
			l1_recipient: L1Address,
			asset: &BridgeAsset<T::AssetId>,
			amount: u128,
		) -> Result<WithdrawalReceipt, DispatchError> {
			ensure!(l1_recipient != [0; 20], Error::<T>::ZeroRecipient);
			ensure!(amount > 0, Error::<T>::ZeroAmount);
			let portal = SettlementPortal::<T>::get().ok_or(Error::<T>::NoPortal)?;
			let l1_token = Self::l1_token_of(asset)?;
			let mut tree = WithdrawalTree::<T>::get();
			ensure!(tree.count < MAX_WITHDRAWALS, Error::<T>::WithdrawalTreeFull);
			Self::burn(who, asset, amount)?;

			let leaf = WithdrawalLeaf {
				l1_chain_id: portal.chain_id,
				portal: portal.address,
				nonce: tree.count,
				l2_sender: *who.as_ref(),
				l1_recipient,
				l1_token,
				amount: amount.into(),
			};
			let leaf_hash = leaf.hash();
			let mut completed_levels = 0;
			let nonce = tree
				.append_with_nodes(leaf_hash, |height, position, node| {
					WithdrawalTreeNodes::<T>::insert(height, position, node);
					completed_levels = height;
				})
				.map_err(|_| Error::<T>::WithdrawalTreeFull)?;
			WithdrawalTree::<T>::put(tree);
			Withdrawals::<T>::insert(nonce, leaf);
			Self::deposit_event(Event::WithdrawalInitiated {
				nonce,
				sender: who.clone(),
				l1_recipient,
				l1_token,
				amount,
				leaf_hash,
			});
			Ok(WithdrawalReceipt { nonce, l1_token, leaf_hash, completed_levels })
		}

		/// The asset a deposit of `l1_token` credits, if the token is bridged.
		pub fn asset_of(l1_token: L1Token) -> Option<BridgeAsset<T::AssetId>> {
			if l1_token == NATIVE_TOKEN {
				return Some(BridgeAsset::Native);
			}
			TokenToAsset::<T>::get(l1_token).map(BridgeAsset::Asset)
		}

		/// The root of the withdrawal tree.
		pub fn withdrawals_root() -> H256 {
			WithdrawalTree::<T>::get().root()
		}

		/// How many withdrawals the tree holds.
		pub fn withdrawal_count() -> u64 {
			WithdrawalTree::<T>::get().count
		}

		/// The deposit nonce expected next.
		pub fn next_deposit_nonce() -> u64 {
			NextDepositNonce::<T>::get()
		}

		/// The withdrawal with `nonce` and its inclusion proof against the current tree.
		pub fn withdrawal_proof(nonce: u64) -> Option<WithdrawalProof> {
			let leaf = Withdrawals::<T>::get(nonce)?;
			let tree = WithdrawalTree::<T>::get();
			let proof = proof_from_completed_nodes(nonce, tree.count, |height, position| {
				WithdrawalTreeNodes::<T>::get(height, position).unwrap_or_else(|| {
					log::error!(
						target: "runtime::bridge",
						"withdrawal tree node ({height}, {position}) missing"
					);
					H256::zero()
				})
			})?;
			Some(WithdrawalProof {
				leaf_hash: leaf.hash(),
				leaf,
				proof,
				withdrawals_root: tree.root(),
				count: tree.count,
			})
		}

		/// Checks the pallet's invariants: the tree's frontier agrees with the stored complete
		/// nodes and the withdrawals, the token maps are inverse, parked deposits are past.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			let tree = WithdrawalTree::<T>::get();
			ensure!(tree.count <= MAX_WITHDRAWALS, "withdrawal count beyond the tree");
			ensure!(
				!Withdrawals::<T>::contains_key(tree.count),
				"a withdrawal beyond the tree count"
			);
			if tree.count > 0 {
				let last =
					Withdrawals::<T>::get(tree.count - 1).ok_or("last withdrawal missing")?;
				ensure!(
					WithdrawalTreeNodes::<T>::get(0, tree.count - 1) == Some(last.hash()),
					"last leaf node differs from the last withdrawal"
				);
			}
			for height in 0..WITHDRAWAL_TREE_DEPTH {
				if (tree.count >> height) & 1 == 1 {
					let position = (tree.count >> height) - 1;
					ensure!(
						WithdrawalTreeNodes::<T>::get(height as u32, position)
							== Some(tree.branch[height]),
						"the frontier differs from the stored complete nodes"
					);
				}
			}
			for (token, asset) in TokenToAsset::<T>::iter() {
				ensure!(AssetToToken::<T>::get(asset) == Some(token), "token maps not inverse");
			}
			ensure!(
				AssetToToken::<T>::iter().count() == TokenToAsset::<T>::iter().count(),
				"token maps differ in size"
			);
			for (asset, token) in AssetToToken::<T>::iter() {
				ensure!(MappedBefore::<T>::get(asset) == Some(token), "a mapping not remembered");
			}
			if let Some(portal) = SettlementPortal::<T>::get() {
				ensure!(PastPortals::<T>::contains_key(portal), "current portal not remembered");
			}
			let next = NextDepositNonce::<T>::get();
			for (nonce, deposit) in FailedDeposits::<T>::iter() {
				ensure!(nonce < next && deposit.nonce == nonce, "parked deposit out of place");
			}
			Ok(())
		}
	}
}

/// The origin of a signed extrinsic from one of the bridge's [`Relayers`], for other pallets'
/// relayer duties (e.g. reporting L1 prices); yields the relayer's account.
pub struct EnsureRelayer<T>(core::marker::PhantomData<T>);

impl<T: Config> frame_support::traits::EnsureOrigin<T::RuntimeOrigin> for EnsureRelayer<T> {
	type Success = T::AccountId;

	fn try_origin(origin: T::RuntimeOrigin) -> Result<T::AccountId, T::RuntimeOrigin> {
		let signer = frame_system::EnsureSigned::<T::AccountId>::try_origin(origin.clone())?;
		if Relayers::<T>::get().contains(&signer) {
			Ok(signer)
		} else {
			Err(origin)
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<T::RuntimeOrigin, ()> {
		let relayer: T::AccountId = polkadot_sdk::frame_benchmarking::account("relayer", 0, 0);
		Relayers::<T>::try_mutate(|relayers| relayers.try_insert(relayer.clone()).map(|_| ()))
			.map_err(|_| ())?;
		Ok(frame_system::RawOrigin::Signed(relayer).into())
	}
}
