//! Payment channels end to end on a dev node, through the `mooring-channel` library exactly as
//! its `local_exchange` example uses it (fewer updates):
//!
//! 1. `ChainClient::open_and_join`: Charlie opens a native-token channel to Dave with his
//!    channel key and deposit, Dave joins with his; the chain holds both deposits in the
//!    channel's own account.
//! 2. The two exchange 1,000 hash-chain micro-payments and signed checkpoints over a TCP socket
//!    on 127.0.0.1 (`run_local_exchange`), with the channel id and genesis hash the chain gave,
//!    and agree a final state.
//! 3. A tampered final state is refused on chain (`InvalidSignatureA`), then
//!    `ChainClient::cooperative_close` closes the channel on the real one: the `Closed` event pays
//!    exactly the state's balances, Dave's free balance grows by exactly his payout, the record
//!    deposit is released and the channel is gone.

use mooring_channel::{
	exchange::{run_local_exchange, ExchangeConfig, Mode, Persistence},
	submit_cooperative_close, ChainClient, Channel, ChannelAsset, ChannelKeypair, Closed,
	FileStore, SubmitError,
};
use mooring_e2e::{
	l2::{account, dev, L2},
	node::{Node, NodeConfig},
};
use mooring_primitives::{channel::Party, DAY, UNIT};
use mooring_runtime::Runtime;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(60);
const UPDATES: u32 = 1_000;
const AMOUNT: u128 = UNIT / 1_000;

#[tokio::test]
async fn a_channel_opens_on_chain_pays_off_chain_and_closes_on_chain() -> anyhow::Result<()> {
	let dir = tempfile::tempdir()?;
	let node = Node::start(&NodeConfig::dev_sequencer(), dir.path()).await?;
	node.wait_for_block(1, TIMEOUT).await?;
	let l2 = L2::to(&node).await?;
	let client = ChainClient::connect(&node.ws_url()).await?;
	assert_eq!(client.genesis_hash(), l2.genesis_hash);
	assert_eq!(client.pallet_index(), 24, "Channels is pallet 24 of the runtime");

	// 1. Open and join.
	let (payer, payee) = (dev::charlie(), dev::dave());
	let (key_a, key_b) =
		(ChannelKeypair::from_seed([0xa1; 32]), ChannelKeypair::from_seed([0xb2; 32]));
	let (deposit_a, deposit_b) = (10 * UNIT, 2 * UNIT);
	let reserved_before = l2.account_info(&account(&payer)).await?.data.reserved;
	let open = client
		.open_and_join(
			&payer,
			&payee,
			ChannelAsset::Native,
			(deposit_a, deposit_b),
			DAY,
			(key_a.public(), key_b.public()),
		)
		.await?;
	let channel_key = pallet_channels::Channels::<Runtime>::hashed_key_for(open.channel_id);
	let record: pallet_channels::ChannelOf<Runtime> =
		l2.storage(&channel_key).await?.expect("the channel is stored");
	assert_eq!(record.status, pallet_channels::ChannelStatus::Open);
	assert_eq!(
		(record.party_a.clone(), record.party_b.clone()),
		(account(&payer), account(&payee))
	);
	assert_eq!((record.key_a, record.key_b), (key_a.public(), Some(key_b.public())));
	assert_eq!((record.deposit_a, record.deposit_b), (deposit_a, deposit_b));
	let channel_account = pallet_channels::Pallet::<Runtime>::channel_account(open.channel_id);
	assert_eq!(l2.free_balance(&channel_account).await?, deposit_a + deposit_b);
	let reserved_open = l2.account_info(&account(&payer)).await?.data.reserved;
	assert_eq!(reserved_open - reserved_before, record.record_deposit);

	// 2. Off chain, over a local socket, against the chain's channel id and genesis hash.
	let payer_channel = Channel::new(open.params(Party::A), key_a.clone());
	let payee_channel = Channel::new(open.params(Party::B), key_b.clone());
	let config = ExchangeConfig {
		updates: UPDATES,
		amount: AMOUNT,
		mode: Mode::Micro { chain_length: 300 },
		persistence: Persistence {
			payer: FileStore::without_sync(dir.path().join("payer.state")),
			payee: FileStore::without_sync(dir.path().join("payee.state")),
			every: 10,
		},
	};
	let report = tokio::task::spawn_blocking(move || {
		run_local_exchange(payer_channel, payee_channel, &config)
	})
	.await??;
	let paid = UPDATES as u128 * AMOUNT;
	assert_eq!(report.balances, (deposit_a - paid, deposit_b + paid));
	assert_eq!(report.payer_final, report.payee_final);
	let final_state = &report.close_args.update.state;
	assert!(final_state.is_final);
	assert_eq!(final_state.channel_id, open.channel_id);
	assert_eq!(final_state.transferred_a, paid);
	// Four chains of up to 300 steps, each opened by a checkpoint, and the final state.
	assert_eq!(final_state.nonce, 5);

	// 3. A forged final state is refused on chain; nothing moves.
	let mut forged = report.close_args.clone();
	forged.update.state.transferred_a -= AMOUNT;
	let refused = submit_cooperative_close(&node.ws_url(), &payer, &forged).await;
	match refused {
		Err(SubmitError::Failed(error)) => assert!(error.contains("InvalidSignatureA"), "{error}"),
		other => anyhow::bail!("a forged state must fail on chain, got {other:?}"),
	}
	assert!(l2.storage_raw(&channel_key).await?.is_some(), "the channel is still open");

	// The real one closes the channel and pays the state's balances.
	let payee_before = l2.free_balance(&account(&payee)).await?;
	let closed = client.cooperative_close(&payer, &report.close_args).await?;
	assert_eq!(
		closed,
		Closed {
			channel_id: open.channel_id,
			cooperative: true,
			nonce: final_state.nonce,
			payout_a: deposit_a - paid,
			payout_b: deposit_b + paid,
		}
	);
	assert_eq!(l2.free_balance(&account(&payee)).await? - payee_before, deposit_b + paid);
	assert!(l2.storage_raw(&channel_key).await?.is_none(), "the channel is removed");
	assert_eq!(l2.free_balance(&channel_account).await?, 0, "the channel account is emptied");
	assert_eq!(
		l2.account_info(&account(&payer)).await?.data.reserved,
		reserved_before,
		"the record deposit is released"
	);
	// A second close finds no channel.
	match client.cooperative_close(&payer, &report.close_args).await {
		Err(SubmitError::Failed(error)) => assert!(error.contains("ChannelNotFound"), "{error}"),
		other => anyhow::bail!("a closed channel cannot close again, got {other:?}"),
	}
	Ok(())
}
