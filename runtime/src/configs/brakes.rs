//! Emergency brakes: pallet-tx-pause stops chosen calls, pallet-safe-mode stops every call but a
//! few for a while. Both answer to half the council ([`BrakeOrigin`]; docs/chain-operator.md):
//! nobody can halt the chain by locking a deposit.

use super::*;
use frame_support::traits::{Contains, InsideBoth};

/// Pallets whose calls keep working whatever is paused or in safe mode: block production, the
/// brakes themselves, and the council that releases them, changes its members, and authorizes
/// the upgrade that fixes what made it pull them (applied through `System`).
const ALWAYS_CALLABLE: [&[u8]; 7] = [
	b"System",
	b"Timestamp",
	b"Council",
	b"CouncilMembership",
	b"Governance",
	b"TxPause",
	b"SafeMode",
];

/// Blocks (one per second) governance puts the chain in safe mode for, or extends it by.
pub const SAFE_MODE_BLOCKS: BlockNumber = DAY;

/// The filter every dispatched call passes: neither paused nor stopped by safe mode, and not a
/// council member's own key change.
pub type CallFilter = InsideBoth<InsideBoth<SafeMode, TxPause>, NoSelfServiceKeyChange>;

/// Refuses `CouncilMembership.change_key`: a member that moved its seat to a fresh account
/// would get a fresh allowance of motion tickets (`pallet_governance::MotionSlot` counts per
/// account), so one compromised member could fill every proposal slot. A member's key changes
/// by a council motion (`swap_member`) instead.
pub struct NoSelfServiceKeyChange;
impl Contains<RuntimeCall> for NoSelfServiceKeyChange {
	fn contains(call: &RuntimeCall) -> bool {
		!matches!(call, RuntimeCall::CouncilMembership(pallet_membership::Call::change_key { .. }))
	}
}

/// Calls that defend funds against a clock that keeps running under a brake: a channel's
/// dispute within its challenge period, an arbiter's ruling before the payee's claim. Pausing
/// them alone would let the other side win by waiting.
const DEFENCES: [(&[u8], &[u8]); 2] = [(b"Channels", b"dispute"), (b"Payments", b"resolve_escrow")];

/// Calls tx-pause cannot pause.
pub struct Unpausable;
impl Contains<pallet_tx_pause::RuntimeCallNameOf<Runtime>> for Unpausable {
	fn contains((pallet, call): &pallet_tx_pause::RuntimeCallNameOf<Runtime>) -> bool {
		ALWAYS_CALLABLE.contains(&pallet.as_slice())
			|| DEFENCES.contains(&(pallet.as_slice(), call.as_slice()))
	}
}

/// Calls that still work in safe mode: [`ALWAYS_CALLABLE`]'s pallets and the [`DEFENCES`].
pub struct SafeModeWhitelist;
impl Contains<RuntimeCall> for SafeModeWhitelist {
	fn contains(call: &RuntimeCall) -> bool {
		matches!(
			call,
			RuntimeCall::System(_)
				| RuntimeCall::Timestamp(_)
				| RuntimeCall::Council(_)
				| RuntimeCall::CouncilMembership(_)
				| RuntimeCall::Governance(_)
				| RuntimeCall::TxPause(_)
				| RuntimeCall::SafeMode(_)
				| RuntimeCall::Channels(pallet_channels::Call::dispute { .. })
				| RuntimeCall::Payments(pallet_payments::Call::resolve_escrow { .. })
		)
	}
}

impl pallet_tx_pause::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PauseOrigin = BrakeOrigin;
	type UnpauseOrigin = BrakeOrigin;
	type WhitelistedCalls = Unpausable;
	type MaxNameLen = ConstU32<256>;
	type WeightInfo = pallet_tx_pause::weights::SubstrateWeight<Runtime>;
}

impl pallet_safe_mode::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type WhitelistedCalls = SafeModeWhitelist;
	type EnterDuration = ConstU32<SAFE_MODE_BLOCKS>;
	type ExtendDuration = ConstU32<SAFE_MODE_BLOCKS>;
	// No permissionless entering or extending: only governance may stop the chain.
	type EnterDepositAmount = ();
	type ExtendDepositAmount = ();
	type ForceEnterOrigin = SafeModeBrakeOrigin;
	type ForceExtendOrigin = SafeModeExtendOrigin;
	type ForceExitOrigin = BrakeOrigin;
	// No deposits are ever taken (see above), so none is ever released or slashed.
	type ForceDepositOrigin = CouncilSuperMajority;
	type Notify = ();
	type ReleaseDelay = ();
	type WeightInfo = pallet_safe_mode::weights::SubstrateWeight<Runtime>;
}
