//! Governance: a council (pallet-collective, its members kept by pallet-membership) in place of
//! a root key. There is no Sudo: every privileged call answers to [`CouncilSuperMajority`],
//! at least three quarters of the council (OP Stack's Security Council threshold), and the only
//! fast track is the brakes ([`BrakeOrigin`], half the council), which stop calls but move no
//! funds (docs/security.md, "Governance and emergency brakes").

use super::*;
use frame_support::traits::EitherOfDiverse;
use frame_system::EnsureWithSuccess;
use pallet_collective::EnsureProportionAtLeast;

/// The council's collective.
pub type CouncilCollective = pallet_collective::Instance1;

/// At least three quarters of the council, or root (reachable only from inside the runtime, e.g.
/// a migration): bridge relayers and Portal, token mapping, trusted issuers, fee parameters,
/// asset force calls, council membership, upgrades and key rotation.
pub type CouncilSuperMajority = EitherOfDiverse<
	EnsureRoot<AccountId>,
	EnsureProportionAtLeast<AccountId, CouncilCollective, 3, 4>,
>;

/// At least half the council, or root: pulls and releases the emergency brakes (tx-pause and
/// safe mode), which stop calls but cannot move funds or change any rule.
pub type BrakeOrigin = EitherOfDiverse<
	EnsureRoot<AccountId>,
	EnsureProportionAtLeast<AccountId, CouncilCollective, 1, 2>,
>;

/// [`BrakeOrigin`] entering safe mode for [`SAFE_MODE_BLOCKS`].
pub type SafeModeBrakeOrigin =
	EnsureWithSuccess<BrakeOrigin, AccountId, ConstU32<SAFE_MODE_BLOCKS>>;

/// [`CouncilSuperMajority`] extending safe mode by [`SAFE_MODE_BLOCKS`]: half the council stops
/// the chain for a day, only three quarters keep it stopped.
pub type SafeModeExtendOrigin =
	EnsureWithSuccess<CouncilSuperMajority, AccountId, ConstU32<SAFE_MODE_BLOCKS>>;

/// Motions a member may have open at once (their tickets unreleased): one compromised member
/// cannot fill the council's proposal slots.
pub const COUNCIL_OPEN_MOTIONS_PER_MEMBER: u32 = 3;

/// Absent votes count as nays when a motion is closed after its duration, whatever anyone
/// voted: silence never passes a motion (there is no prime member either).
pub struct AbsentVotesNay;
impl pallet_collective::DefaultVote for AbsentVotesNay {
	fn default_vote(_prime_vote: Option<bool>, _yes_votes: u32, _no_votes: u32, _len: u32) -> bool {
		false
	}
}

/// The most members the council may have.
pub const COUNCIL_MAX_MEMBERS: u32 = 32;

parameter_types! {
	/// A motion not closed within seven days can be closed by anyone, absent votes counting
	/// as nays ([`AbsentVotesNay`]).
	pub const CouncilMotionDuration: BlockNumber = 7 * DAY;
	/// A motion may dispatch a call of up to half a block's weight.
	pub CouncilMaxProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = ConstU32<{ COUNCIL_OPEN_MOTIONS_PER_MEMBER * COUNCIL_MAX_MEMBERS }>;
	type MaxMembers = ConstU32<COUNCIL_MAX_MEMBERS>;
	type DefaultVote = AbsentVotesNay;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	/// Membership changes go through pallet-membership, itself answering to the council.
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = CouncilMaxProposalWeight;
	type DisapproveOrigin = CouncilSuperMajority;
	type KillOrigin = CouncilSuperMajority;
	/// No deposit (only members propose), but at most [`COUNCIL_OPEN_MOTIONS_PER_MEMBER`]
	/// unreleased motions per member.
	type Consideration = pallet_governance::MotionSlot<Runtime>;
}

impl pallet_membership::Config<pallet_membership::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = CouncilSuperMajority;
	type RemoveOrigin = CouncilSuperMajority;
	type SwapOrigin = CouncilSuperMajority;
	type ResetOrigin = CouncilSuperMajority;
	/// No prime member: its vote would decide absent members' votes.
	type PrimeOrigin = frame_system::EnsureNever<()>;
	type MembershipInitialized = Council;
	type MembershipChanged = Council;
	type MaxMembers = ConstU32<COUNCIL_MAX_MEMBERS>;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}

impl pallet_governance::Config for Runtime {
	type CouncilOrigin = CouncilSuperMajority;
	type WeightInfo = pallet_governance::weights::SubstrateWeight<Runtime>;
	type MaxOpenMotionsPerMember = ConstU32<COUNCIL_OPEN_MOTIONS_PER_MEMBER>;
}
