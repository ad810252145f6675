/**
 * Start-up time of the manage service with 256 hotkeys: from spawning the
 * process until /health responds (the keystore is loaded before the service
 * listens), and its resident memory once idle. Three wallet roots:
 * no keys (Node start and module loading only), 256 plaintext hotkeys with a
 * plaintext coldkey, and the same with a `$NACL` coldkey, whose Argon2i
 * unlock runs in a worker thread. Runs through tsx (scripts/start_manage.sh)
 * and compiled (the Docker image's `node dist/service/cli.js`).
 *
 *   node --import tsx bench/startup.ts [--hotkeys 256] [--repeats 3] [--dist DIR]
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from './support/args.js';
import { buildCompiled } from './support/compiled.js';
import { makeTempDir, randomToken, writeBenchWallet } from './support/fixtures.js';
import { rssBytes } from './support/process-stats.js';
import { printResult, progress } from './support/report.js';
import { freePort, startServiceProcess } from './support/service-process.js';
import { median, round } from './support/stats.js';

const args = parseArgs({ hotkeys: 256, repeats: 3, dist: '', 'idle-seconds': 2 });
const temp = makeTempDir('startup');

interface Variant {
  label: string;
  walletPath: string;
  passwordFile?: string;
}

async function prepareVariants(): Promise<Variant[]> {
  const empty = path.join(temp.dir, 'empty', 'wallets');
  mkdirSync(empty, { recursive: true, mode: 0o700 });
  progress(`writing a wallet with ${args.hotkeys} hotkeys, plaintext coldkey`);
  const plain = await writeBenchWallet(
    path.join(temp.dir, 'plain', 'wallets'),
    'bench',
    args.hotkeys,
  );
  progress(`writing a wallet with ${args.hotkeys} hotkeys, $NACL coldkey (Argon2i, a few seconds)`);
  const encrypted = await writeBenchWallet(
    path.join(temp.dir, 'encrypted', 'wallets'),
    'bench',
    args.hotkeys,
    randomToken(),
  );
  return [
    { label: 'noKeys', walletPath: empty },
    { label: 'hotkeysPlainColdkey', walletPath: plain.walletPath },
    {
      label: 'hotkeysEncryptedColdkey',
      walletPath: encrypted.walletPath,
      passwordFile: encrypted.passwordFile,
    },
  ];
}

async function startOnce(variant: Variant, entry: string | undefined, run: number) {
  const dataDir = path.join(temp.dir, `run-${variant.label}-${run}-${entry ? 'js' : 'tsx'}`);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const service = await startServiceProcess({
    walletPath: variant.walletPath,
    passwordFile: variant.passwordFile,
    dataDir,
    token: randomToken(),
    chainEndpoint: `ws://127.0.0.1:${await freePort()}`,
    entry,
  });
  try {
    const ready = (await (await fetch(`${service.url}/ready`)).json()) as {
      keys?: { signing_hotkeys?: number };
    };
    await new Promise((resolve) => setTimeout(resolve, args['idle-seconds'] * 1000));
    return {
      listeningMs: service.listeningMs,
      rssMiB: rssBytes(service.pid) / 2 ** 20,
      signingKeys: ready.keys?.signing_hotkeys ?? 0,
    };
  } finally {
    await service.stop();
  }
}

async function measureRunner(variants: Variant[], entry: string | undefined) {
  const figures: Record<string, unknown> = {};
  for (const variant of variants) {
    const runs = [];
    for (let run = 0; run < args.repeats; run++) {
      runs.push(await startOnce(variant, entry, run));
    }
    progress(
      `${entry ? 'compiled' : 'tsx'} ${variant.label}: ${runs.map((r) => Math.round(r.listeningMs)).join(', ')} ms`,
    );
    figures[variant.label] = {
      listeningMsMedian: round(median(runs.map((r) => r.listeningMs)), 0),
      listeningMsAll: runs.map((r) => round(r.listeningMs, 0)),
      idleRssMiBMedian: round(median(runs.map((r) => r.rssMiB)), 1),
      signingKeys: runs[0]?.signingKeys,
    };
  }
  return figures;
}

try {
  const variants = await prepareVariants();
  const compiledDir = args.dist || path.join(temp.dir, 'build');
  const build = args.dist
    ? { entry: path.join(args.dist, 'dist', 'service', 'cli.js'), typeErrors: undefined }
    : buildCompiled(compiledDir);
  const tsx = await measureRunner(variants, undefined);
  const compiled = await measureRunner(variants, build.entry);

  const listening = (figures: Record<string, unknown>, label: string) =>
    (figures[label] as { listeningMsMedian: number }).listeningMsMedian;
  printResult('startup', {
    hotkeys: args.hotkeys,
    repeats: args.repeats,
    compiledTypeErrors: build.typeErrors,
    tsx,
    compiled,
    derived: {
      keyLoadingMsCompiled:
        listening(compiled, 'hotkeysPlainColdkey') - listening(compiled, 'noKeys'),
      coldkeyUnlockMsCompiled:
        listening(compiled, 'hotkeysEncryptedColdkey') - listening(compiled, 'hotkeysPlainColdkey'),
    },
    targets: {
      compiledReadyUnder3s: listening(compiled, 'hotkeysPlainColdkey') < 3000,
      tsxReadyUnder3s: listening(tsx, 'hotkeysPlainColdkey') < 3000,
    },
  });
} finally {
  temp.remove();
}
