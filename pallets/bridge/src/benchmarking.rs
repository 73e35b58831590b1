//! Benchmarks of every call, worst case: `pallet-assets` mints and burns that create or remove
//! accounts, the parked path through a failing asset mint, the longest run of completed tree
//! levels for `withdraw` (component `l`), and full relayer sets.

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungibles::Mutate as _, EnsureOrigin, Get, Hooks},
	BoundedVec,
};
use frame_system::RawOrigin;
use polkadot_sdk::frame_benchmarking;

/// A BEP-20 token address no genesis maps.
fn token_address(seed: u32) -> L1Token {
	let mut token = [0xb7; 20];
	token[16..].copy_from_slice(&seed.to_be_bytes());
	token
}

/// A new asset (sufficient or not) mapped to a new token.
fn mapped_asset<T: Config>(seed: u32, is_sufficient: bool) -> (L1Token, T::AssetId) {
	let asset = T::BenchmarkHelper::create_asset(seed, is_sufficient);
	let token = token_address(seed);
	TokenToAsset::<T>::insert(token, asset);
	AssetToToken::<T>::insert(asset, token);
	(token, asset)
}

/// The settlement Portal, set if none is (a runtime's genesis may have none).
fn settlement_portal<T: Config>() -> L1Contract {
	SettlementPortal::<T>::get().unwrap_or_else(|| {
		let portal = L1Contract { chain_id: 56, address: [0x70; 20] };
		SettlementPortal::<T>::put(portal);
		PastPortals::<T>::insert(portal, ());
		portal
	})
}

/// An authorized relayer.
fn relayer<T: Config>() -> T::AccountId {
	let who: T::AccountId = account("relayer", 0, 0);
	Relayers::<T>::mutate(|relayers| {
		let _ = relayers.try_insert(who.clone());
	});
	who
}

/// A deposit of `amount` of `token` with `nonce` for a fresh account.
fn deposit_for<T: Config>(nonce: u64, token: L1Token, amount: u128, seed: u32) -> DepositOf<T> {
	Deposit {
		nonce,
		l1_token: token,
		l1_sender: [1; 20],
		recipient: account("recipient", seed, 0),
		amount,
		l1_block_number: 1,
		l1_tx_hash: H256::repeat_byte(1),
	}
}

/// `n` consecutive deposits of `token` from `NextDepositNonce`, each for a fresh account.
fn deposits<T: Config>(
	n: u32,
	token: L1Token,
	amount: u128,
) -> BoundedVec<DepositOf<T>, T::MaxDepositsPerCall> {
	let first = NextDepositNonce::<T>::get();
	(0..n)
		.map(|i| deposit_for::<T>(first + i as u64, token, amount, i))
		.collect::<Vec<_>>()
		.try_into()
		.expect("n is at most MaxDepositsPerCall")
}

/// Fills the relayer set up to `size` members.
fn fill_relayers<T: Config>(size: u32) {
	Relayers::<T>::mutate(|relayers| {
		let mut seed = 1;
		while (relayers.len() as u32) < size {
			let _ = relayers.try_insert(account("relayer", seed, 0));
			seed += 1;
		}
	});
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Every deposit mints a sufficient asset into a new account.
	#[benchmark]
	fn relay_deposits(n: Linear<1, { T::MaxDepositsPerCall::get() }>) {
		let (token, _) = mapped_asset::<T>(0, true);
		let relayer = relayer::<T>();
		let deposits = deposits::<T>(n, token, 1_000_000);
		let next = NextDepositNonce::<T>::get() + n as u64;
		let portal = settlement_portal::<T>();

		#[extrinsic_call]
		relay_deposits(RawOrigin::Signed(relayer), portal, deposits);

		assert_eq!(NextDepositNonce::<T>::get(), next);
		assert_eq!(FailedDeposits::<T>::iter_keys().count(), 0);
	}

	/// Every deposit fails late (a non-sufficient asset for an account that does not exist)
	/// and is parked.
	#[benchmark]
	fn relay_deposits_parked(n: Linear<1, { T::MaxDepositsPerCall::get() }>) {
		let (token, _) = mapped_asset::<T>(0, false);
		let relayer = relayer::<T>();
		let deposits = deposits::<T>(n, token, 1_000_000);
		let portal = settlement_portal::<T>();

		#[extrinsic_call]
		relay_deposits(RawOrigin::Signed(relayer), portal, deposits);

		assert_eq!(FailedDeposits::<T>::iter_keys().count(), n as usize);
	}

	/// Burns a whole asset balance (removing the asset account) with an append that completes
	/// `l` levels of internal nodes.
	#[benchmark]
	fn withdraw(l: Linear<0, { MAX_COMPLETED_LEVELS }>) {
		let (_, asset) = mapped_asset::<T>(0, true);
		let caller: T::AccountId = whitelisted_caller();
		let amount = 1_000_000u128;
		T::Assets::mint_into(asset, &caller, amount).expect("the asset exists");
		// The next leaf gets index 2^l - 1, so its append fills heights 0..=l.
		let count = (1u64 << l) - 1;
		WithdrawalTree::<T>::mutate(|tree| tree.count = count);
		settlement_portal::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), [0xaa; 20], BridgeAsset::Asset(asset), amount);

		assert_eq!(WithdrawalTree::<T>::get().count, count + 1);
		assert!(WithdrawalTreeNodes::<T>::contains_key(l, count >> l));
	}

	/// Credits a parked deposit: a sufficient asset minted into a new account.
	#[benchmark]
	fn retry_deposit() {
		let (token, _) = mapped_asset::<T>(0, true);
		FailedDeposits::<T>::insert(0, deposit_for::<T>(0, token, 1_000_000, 0));
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), 0);

		assert!(!FailedDeposits::<T>::contains_key(0));
	}

	/// The costlier path: the asset does not exist yet and the bridge creates it.
	#[benchmark]
	fn register_token() -> Result<(), BenchmarkError> {
		let asset = T::BenchmarkHelper::free_asset_id(0);
		let token = token_address(0);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, token, asset);

		assert_eq!(TokenToAsset::<T>::get(token), Some(asset));
		assert_eq!(MappedBefore::<T>::get(asset), Some(token));
		Ok(())
	}

	#[benchmark]
	fn deregister_token() -> Result<(), BenchmarkError> {
		let (token, asset) = mapped_asset::<T>(0, true);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, token);

		assert!(!AssetToToken::<T>::contains_key(asset));
		Ok(())
	}

	#[benchmark]
	fn add_relayer() -> Result<(), BenchmarkError> {
		fill_relayers::<T>(T::MaxRelayers::get() - 1);
		let who: T::AccountId = account("new relayer", 0, 0);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(Relayers::<T>::get().contains(&who));
		Ok(())
	}

	#[benchmark]
	fn remove_relayer() -> Result<(), BenchmarkError> {
		let who = relayer::<T>();
		fill_relayers::<T>(T::MaxRelayers::get());
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Relayers::<T>::get().contains(&who));
		Ok(())
	}

	/// Moves from a set Portal to a new one.
	#[benchmark]
	fn set_portal() -> Result<(), BenchmarkError> {
		settlement_portal::<T>();
		let portal = L1Contract { chain_id: 56, address: [0x71; 20] };
		// The new Portal continues the nonces exactly.
		let next = NextDepositNonce::<T>::get();
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, portal, next);

		assert_eq!(SettlementPortal::<T>::get(), Some(portal));
		assert_eq!(NextDepositNonce::<T>::get(), next);
		Ok(())
	}

	/// The end-of-block hook: reads the tree's frontier, computes its root (32 hashes whatever
	/// the count) and writes it into the header digest.
	#[benchmark]
	fn on_finalize() {
		WithdrawalTree::<T>::mutate(|tree| {
			tree.count = MAX_WITHDRAWALS - 1;
			tree.branch = [H256::repeat_byte(0x11); WITHDRAWAL_TREE_DEPTH];
		});
		let block = frame_system::Pallet::<T>::block_number();

		#[block]
		{
			Pallet::<T>::on_finalize(block);
		}

		assert!(frame_system::Pallet::<T>::digest().logs().len() >= 1);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
