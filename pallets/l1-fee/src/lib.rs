//! # L1 fee pallet
//!
//! Every L2 transaction is posted to BNB Chain in a batch, and the batcher pays BNB Chain for
//! its bytes. This pallet makes the transaction pay that bill: it holds BNB Chain's current
//! prices, reported by the relayer, and the parameters governance sets, and
//! [`LengthToFee`] adds the L1 data fee of a transaction's encoded length to the length fee
//! `pallet-transaction-payment` charges. Substrate extrinsics and Ethereum transactions
//! (which pallet-revive prices through the same length fee) pay it alike, and
//! `payment_queryInfo`, `eth_estimateGas` and `eth_gasPrice`-based quotes include it. The fee
//! goes where transaction fees go: the sequencer's fee vault. The formula is in
//! [`FeeParams::l1_data_fee`] and `docs/developer.md` ("Fees").
//!
//! Trust (docs/security.md, "Wrong L1 prices for the L1 data fee"): the reporter
//! ([`Config::ReportOrigin`], the bridge relayers) can move the prices only within governance's
//! bounds, the base fee at most to double or half the one in force per report
//! ([`FeeParams::next_base_fee_range`]), at most once per [`Config::MinReportInterval`] blocks,
//! and only forward in L1 blocks. A report that would succeed pays no fee, so a relayer needs no
//! balance for it; one that fails pays. Governance sets the parameters and, should a relayer
//! have reported a wrong L1 block or price, resets the prices ([`Pallet::force_set_prices`]). A
//! reporter that stops leaves the last prices in force ([`Pallet::is_stale`] says so; the
//! relayer's `l1_prices_age_blocks` gauge shows it): users keep paying the last known price, and
//! the operator bears a rise of L1 prices until reports resume.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

use polkadot_sdk::{frame_support, frame_system, sp_runtime};

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use crate::weights::WeightInfo;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::Saturating;

	/// The in-code storage version: the layout every network starts with.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Who reports L1 prices: the relayer.
		type ReportOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Who sets [`FeeParams`]: governance.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The fewest L2 blocks between two reports.
		#[pallet::constant]
		type MinReportInterval: Get<BlockNumberFor<Self>>;
		/// After how many L2 blocks without a report the prices count as stale.
		#[pallet::constant]
		type StaleAfter: Get<BlockNumberFor<Self>>;
		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// BNB Chain's prices as last reported.
	#[pallet::storage]
	pub type Prices<T: Config> = StorageValue<_, L1Prices<BlockNumberFor<T>>, ValueQuery>;

	/// The fee formula's parameters and the bounds of a report.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, FeeParams, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The parameters; without them no L1 fee is charged until governance sets them.
		pub params: Option<FeeParams>,
		/// The L1 base fee and blob base fee until the first report.
		pub base_fee: u128,
		/// See `base_fee`.
		pub blob_base_fee: u128,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// Without parameters no L1 fee is charged until governance sets them.
			let Some(params) = self.params else { return };
			assert!(params.is_valid(), "valid L1 fee parameters");
			assert!(
				params.admits(self.base_fee, self.blob_base_fee),
				"genesis L1 prices in bounds"
			);
			Params::<T>::put(params);
			Prices::<T>::put(L1Prices {
				l1_block: 0,
				base_fee: self.base_fee,
				blob_base_fee: self.blob_base_fee,
				reported_at: Zero::zero(),
			});
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The relayer reported BNB Chain's prices at `l1_block`.
		PricesReported { l1_block: u64, base_fee: u128, blob_base_fee: u128 },
		/// Governance set the prices in force.
		PricesForced { l1_block: u64, base_fee: u128, blob_base_fee: u128 },
		/// Governance changed the fee parameters.
		ParamsSet { params: FeeParams },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The report is of an L1 block not after the last reported one.
		NotNewer,
		/// Fewer than `MinReportInterval` blocks since the last report.
		TooFrequent,
		/// A price is outside governance's bounds.
		OutOfRange,
		/// The base fee moved beyond double or half the one in force.
		MovedTooFar,
		/// Bounds out of order or a compression ratio above 1.0.
		InvalidParams,
		/// Governance has not set the parameters: there is no L1 data fee.
		NoParams,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Records BNB Chain's base fee and blob base fee at `l1_block`. Origin:
		/// [`Config::ReportOrigin`]. Refused for an L1 block not after the last reported one,
		/// within `MinReportInterval` blocks of the last report, out of governance's bounds, or
		/// a base fee beyond double or half the one in force. A report that would succeed is
		/// free (no fee is taken up front); a refused one pays its fee.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::report_l1_prices())]
		#[pallet::feeless_if(|origin: &OriginFor<T>, l1_block: &u64, base_fee: &u128, blob_base_fee: &u128| -> bool {
			T::ReportOrigin::try_origin(origin.clone()).is_ok()
				&& Pallet::<T>::check_report(*l1_block, *base_fee, *blob_base_fee).is_ok()
		})]
		pub fn report_l1_prices(
			origin: OriginFor<T>,
			l1_block: u64,
			base_fee: u128,
			blob_base_fee: u128,
		) -> DispatchResultWithPostInfo {
			T::ReportOrigin::ensure_origin(origin)?;
			Self::check_report(l1_block, base_fee, blob_base_fee)?;
			let now = frame_system::Pallet::<T>::block_number();
			Prices::<T>::put(L1Prices { l1_block, base_fee, blob_base_fee, reported_at: now });
			Self::deposit_event(Event::PricesReported { l1_block, base_fee, blob_base_fee });
			Ok(Pays::No.into())
		}

		/// Sets the fee formula's parameters and the bounds of future reports, and brings the
		/// prices in force within the new bounds. Origin: [`Config::AdminOrigin`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_params())]
		pub fn set_params(origin: OriginFor<T>, params: FeeParams) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(params.is_valid(), Error::<T>::InvalidParams);
			Params::<T>::put(params);
			Prices::<T>::mutate(|prices| {
				prices.base_fee = prices.base_fee.clamp(params.min_base_fee, params.max_base_fee);
				prices.blob_base_fee = prices.blob_base_fee.min(params.max_blob_base_fee);
			});
			Self::deposit_event(Event::ParamsSet { params });
			Ok(())
		}

		/// Sets the prices in force, within governance's bounds but with no other check: the
		/// way out after a wrong report (an L1 block from another chain, which would refuse
		/// every later report as `NotNewer`). Reports resume after `l1_block`, from these
		/// prices. Origin: [`Config::AdminOrigin`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::force_set_prices())]
		pub fn force_set_prices(
			origin: OriginFor<T>,
			l1_block: u64,
			base_fee: u128,
			blob_base_fee: u128,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			let params = Params::<T>::get().ok_or(Error::<T>::NoParams)?;
			ensure!(params.admits(base_fee, blob_base_fee), Error::<T>::OutOfRange);
			let now = frame_system::Pallet::<T>::block_number();
			Prices::<T>::put(L1Prices { l1_block, base_fee, blob_base_fee, reported_at: now });
			Self::deposit_event(Event::PricesForced { l1_block, base_fee, blob_base_fee });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Whether a report of these prices at `l1_block` would be accepted now (the origin
		/// aside).
		pub fn check_report(
			l1_block: u64,
			base_fee: u128,
			blob_base_fee: u128,
		) -> Result<(), Error<T>> {
			let last = Prices::<T>::get();
			ensure!(l1_block > last.l1_block, Error::<T>::NotNewer);
			let now = frame_system::Pallet::<T>::block_number();
			let next_allowed = last.reported_at.saturating_add(T::MinReportInterval::get());
			ensure!(last.l1_block == 0 || now >= next_allowed, Error::<T>::TooFrequent);
			let params = Params::<T>::get().ok_or(Error::<T>::NoParams)?;
			ensure!(params.admits(base_fee, blob_base_fee), Error::<T>::OutOfRange);
			let (lowest, highest) = params.next_base_fee_range(last.base_fee);
			ensure!((lowest..=highest).contains(&base_fee), Error::<T>::MovedTooFar);
			Ok(())
		}

		/// The L1 data fee of a transaction of `encoded_len` bytes at the prices in force.
		pub fn l1_data_fee(encoded_len: u32) -> u128 {
			Params::<T>::get()
				.map_or(0, |params| params.l1_data_fee(encoded_len, &Prices::<T>::get()))
		}

		/// Whether no report came in the last [`Config::StaleAfter`] blocks (the last prices
		/// still apply).
		pub fn is_stale() -> bool {
			let now = frame_system::Pallet::<T>::block_number();
			now.saturating_sub(Prices::<T>::get().reported_at) > T::StaleAfter::get()
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			let params = Params::<T>::get().ok_or("no L1 fee parameters")?;
			ensure!(params.is_valid(), "invalid L1 fee parameters");
			Ok(())
		}
	}
}

/// `pallet-transaction-payment`'s `LengthToFee`: `Base`'s length fee plus the L1 data fee of
/// the length (the length arrives as the weight's `ref_time`, as the transaction-payment
/// pallet passes it).
pub struct LengthToFee<T, Base>(core::marker::PhantomData<(T, Base)>);

impl<T, Base> frame_support::weights::WeightToFee for LengthToFee<T, Base>
where
	T: Config,
	Base: frame_support::weights::WeightToFee<Balance = u128>,
{
	type Balance = u128;

	fn weight_to_fee(length: &frame_support::weights::Weight) -> u128 {
		let encoded_len = u32::try_from(length.ref_time()).unwrap_or(u32::MAX);
		Base::weight_to_fee(length).saturating_add(Pallet::<T>::l1_data_fee(encoded_len))
	}
}

/// The storage key of this pallet's plain item `item` (`"Prices"`, `"Params"`) in a runtime that
/// names the pallet `pallet_name` (`"L1Fee"` in Mooring's), for clients without the runtime.
pub fn storage_key(pallet_name: &str, item: &str) -> [u8; 32] {
	frame_support::storage::storage_prefix(pallet_name.as_bytes(), item.as_bytes())
}
