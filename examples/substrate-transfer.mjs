// Sends 1 BNB from Alice to Bob over Substrate JSON-RPC with @polkadot/api and waits until the
// transfer is finalized.   node examples/substrate-transfer.mjs [ws://127.0.0.1:9944]
import { ApiPromise, Keyring, WsProvider } from "@polkadot/api";

const ONE_BNB = 10n ** 18n;
const endpoint = process.argv[2] ?? "ws://127.0.0.1:9944";

const api = await ApiPromise.create({ provider: new WsProvider(endpoint), noInitWarn: true });
const keyring = new Keyring({ type: "sr25519" });
const alice = keyring.addFromUri("//Alice");
const bob = keyring.addFromUri("//Bob");

const balanceOf = async (who) => (await api.query.system.account(who)).data.free.toBigInt();
const before = await balanceOf(bob.address);

await new Promise((resolve, reject) => {
  api.tx.balances
    .transferKeepAlive(bob.address, ONE_BNB)
    .signAndSend(alice, ({ status, dispatchError }) => {
      if (dispatchError) reject(new Error(dispatchError.toString()));
      else if (status.isFinalized) resolve(status.asFinalized);
    })
    .catch(reject);
});

const after = await balanceOf(bob.address);
console.log(`Bob received ${Number(after - before) / 1e18} BNB (now ${Number(after) / 1e18} BNB)`);
await api.disconnect();
