import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Copies only the public files of each wallet (`coldkeypub.txt`,
 * `hotkeys/*pub.txt`) to `target`, so node processes get a wallet folder
 * from which no private key can be read.
 */
export function copyPublicWalletFiles(
  source: string,
  target: string,
  wallets: readonly string[],
): void {
  for (const wallet of wallets) {
    const hotkeysDir = path.join(target, wallet, 'hotkeys');
    mkdirSync(hotkeysDir, { recursive: true, mode: 0o700 });
    const coldkeyPub = path.join(source, wallet, 'coldkeypub.txt');
    if (existsSync(coldkeyPub)) {
      copyFileSync(coldkeyPub, path.join(target, wallet, 'coldkeypub.txt'));
    }
    const sourceHotkeys = path.join(source, wallet, 'hotkeys');
    const names = existsSync(sourceHotkeys) ? readdirSync(sourceHotkeys) : [];
    for (const name of names.filter((item) => item.endsWith('pub.txt'))) {
      copyFileSync(path.join(sourceHotkeys, name), path.join(hotkeysDir, name));
    }
  }
}
