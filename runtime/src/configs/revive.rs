//! pallet-revive: EVM bytecode, the Ethereum transaction path and its fees.

use super::*;

/// The transaction extensions pallet-revive attaches to an Ethereum transaction.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct EthExtraImpl;

impl EthExtra for EthExtraImpl {
	type Config = Runtime;
	type ExtensionV0 = TxExtension;
	type ExtensionOtherVersions = sp_runtime::traits::InvalidVersion;

	fn get_eth_extension(nonce: u32, tip: Balance) -> Self::ExtensionV0 {
		(
			frame_system::CheckNonZeroSender::<Runtime>::new(),
			frame_system::CheckSpecVersion::<Runtime>::new(),
			frame_system::CheckTxVersion::<Runtime>::new(),
			frame_system::CheckGenesis::<Runtime>::new(),
			frame_system::CheckMortality::from(sp_runtime::generic::Era::Immortal),
			frame_system::CheckNonce::<Runtime>::from(nonce),
			frame_system::CheckWeight::<Runtime>::new(),
			pallet_skip_feeless_payment::SkipCheckIfFeeless::from(
				pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(tip),
			),
			pallet_revive::evm::tx_extension::SetOrigin::<Runtime>::new_from_eth_transaction(),
			frame_system::WeightReclaim::<Runtime>::new(),
		)
	}
}

/// The account of the sequencer that authored the current block (EVM `block.coinbase`).
pub struct AuraAuthorAccount;

impl FindAuthor<AccountId> for AuraAuthorAccount {
	fn find_author<'a, I>(digests: I) -> Option<AccountId>
	where
		I: 'a + IntoIterator<Item = (ConsensusEngineId, &'a [u8])>,
	{
		let index = <Aura as FindAuthor<u32>>::find_author(digests)?;
		let authority = pallet_aura::Authorities::<Runtime>::get().get(index as usize)?.clone();
		let public: [u8; 32] = sp_core::crypto::ByteArray::as_slice(&authority).try_into().ok()?;
		Some(AccountId::from(public))
	}
}

parameter_types! {
	/// The EVM chain id (EIP-155) transactions are signed for: [`CHAIN_ID`] on the dev and local
	/// chains; a production network's genesis stores its own under this parameter's key
	/// (`mooring-node network-spec`, `evmChainId`), so that a transaction signed for one network
	/// does not replay on another.
	pub storage EvmChainId: u64 = CHAIN_ID;
	pub const ReviveDepositPerItem: Balance = deposit(1, 0);
	pub const ReviveDepositPerChildTrieItem: Balance = deposit(1, 0) / 100;
	pub const ReviveDepositPerByte: Balance = deposit(0, 1);
	pub CodeHashLockupDepositPercent: Perbill = Perbill::from_percent(30);
}

#[derive_impl(pallet_revive::config_preludes::TestDefaultConfig)]
impl pallet_revive::Config for Runtime {
	type Time = Timestamp;
	type Balance = Balance;
	type Currency = Balances;
	type AddressMapper = AccountId32Mapper<Self>;
	type ChainId = EvmChainId;
	/// Balances have 18 decimals, so one unit of balance is one wei.
	type NativeToEthRatio = ConstU32<1>;
	/// Gas price = 10^8 wei (0.1 gwei, BNB Chain's usual price), which puts gas figures close
	/// to Ethereum's (an ERC-20 transfer estimates at about 100k gas). It only splits the fee
	/// into gas × price; the fee itself comes from weight, length and storage deposit.
	type GasScale = ConstU32<100_000_000>;
	type DepositPerItem = ReviveDepositPerItem;
	type DepositPerChildTrieItem = ReviveDepositPerChildTrieItem;
	type DepositPerByte = ReviveDepositPerByte;
	type CodeHashLockupDepositPercent = CodeHashLockupDepositPercent;
	type UploadOrigin = EnsureSigned<Self::AccountId>;
	type InstantiateOrigin = EnsureSigned<Self::AccountId>;
	type AllowEVMBytecode = ConstBool<true>;
	type FeeInfo = FeeInfo<Address, Signature, EthExtraImpl>;
	type FindAuthor = AuraAuthorAccount;
	/// Solidity's view of Mooring's pallets (see [`crate::precompiles`]).
	type Precompiles = (
		crate::precompiles::IdentityPrecompile,
		crate::precompiles::BridgePrecompile,
		crate::precompiles::AssetsErc20,
		crate::precompiles::RwaErc20,
		crate::precompiles::PaymentsPrecompile,
	);
	type DebugEnabled = ConstBool<false>;
	type AutoMap = ConstBool<true>;
	/// Mooring has no parachain validators ("PVF"); this is the memory a node importing a block
	/// may spend on its storage writes and events in the worst case that block weights allow
	/// (about 450 MB with 0.5 s of normal-class weight), checked by pallet-revive's
	/// integrity test. Sequencer and follower hardware (8 GiB or more) holds it.
	type PVFMemory = ConstU32<{ 1536 * 1024 * 1024 }>;
	type WeightInfo = pallet_revive::weights::SubstrateWeight<Self>;
}

impl pallet_assets_precompiles::permit::Config for Runtime {
	/// Permits are signed for this network's EVM chain id, as its transactions are.
	type ChainId = EvmChainId;
	type WeightInfo = pallet_assets_precompiles::weights::SubstrateWeight<Runtime>;
}
