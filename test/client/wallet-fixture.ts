import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';

/** Mnemonic and address of the wallet test vector (btwallet derivation). */
export const VECTOR_MNEMONIC =
  'old leopard transfer rib spatial phone calm indicate online fire caution review';
export const VECTOR_ADDRESS = '5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX';

/**
 * Writes `<root>/<wallet>/hotkeys/<hotkey>` as a plaintext btcli keyfile from
 * a mnemonic, with the pair derived by @polkadot/keyring, and a
 * `coldkeypub.txt` of a second key. Returns the hotkey address.
 */
export async function writePlainHotkey(
  root: string,
  wallet: string,
  hotkey: string,
  mnemonic: string,
): Promise<string> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const pair = keyring.addFromUri(mnemonic);
  const coldkey = keyring.addFromUri('//ClientTestColdkey');

  const walletDir = path.join(root, wallet);
  mkdirSync(path.join(walletDir, 'hotkeys'), { recursive: true, mode: 0o700 });
  const publicFields = {
    accountId: u8aToHex(pair.publicKey),
    publicKey: u8aToHex(pair.publicKey),
    ss58Address: pair.address,
  };
  const keyfile = { ...publicFields, secretPhrase: mnemonic };
  writeFileSync(path.join(walletDir, 'hotkeys', hotkey), JSON.stringify(keyfile), { mode: 0o600 });
  const coldkeyPublic = {
    accountId: u8aToHex(coldkey.publicKey),
    publicKey: u8aToHex(coldkey.publicKey),
    ss58Address: coldkey.address,
  };
  writeFileSync(path.join(walletDir, 'coldkeypub.txt'), JSON.stringify(coldkeyPublic), {
    mode: 0o600,
  });
  return pair.address;
}
