//! [`EnsureDidOrigin`]: how other pallets accept DID-authorised calls.

use crate::{Config, DidOrigin, Pallet};
use core::marker::PhantomData;
use polkadot_sdk::{frame_support::traits::EnsureOrigin, frame_system::pallet_prelude::OriginFor};

/// The relationship [`EnsureDidOrigin`] requires by default: `authentication`.
pub const AUTHENTICATION: u8 = crate::Relationships::AUTHENTICATION;

/// Accepts a DID-authorised call (see [`Pallet::submit_did_call`]) whose DID is live and whose
/// signing key still has every relationship flag in `RELATIONSHIP` (a [`crate::Relationships`]
/// constant; `authentication` by default). Succeeds with the [`DidOrigin`]: the DID, the key and
/// the submitting account.
pub struct EnsureDidOrigin<T, const RELATIONSHIP: u8 = AUTHENTICATION>(PhantomData<T>);

impl<T: Config, const RELATIONSHIP: u8> EnsureOrigin<OriginFor<T>>
	for EnsureDidOrigin<T, RELATIONSHIP>
{
	type Success = DidOrigin<T::AccountId>;

	fn try_origin(origin: OriginFor<T>) -> Result<Self::Success, OriginFor<T>> {
		let did_origin = Pallet::<T>::did_origin(origin.clone()).map_err(|_| origin.clone())?;
		let authorised = Pallet::<T>::live_did(&did_origin.did).is_ok_and(|record| {
			Pallet::<T>::ensure_key_relationship(&record, did_origin.key_id, RELATIONSHIP).is_ok()
		});
		if authorised {
			Ok(did_origin)
		} else {
			Err(origin)
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<OriginFor<T>, ()> {
		let relationships =
			crate::Relationships(RELATIONSHIP | crate::Relationships::AUTHENTICATION);
		let seed = [b"ensure-did-origin".as_slice(), &[RELATIONSHIP]].concat();
		let did_origin = Pallet::<T>::benchmark_did(&seed, relationships);
		Ok(Pallet::<T>::did_runtime_origin(did_origin))
	}
}
