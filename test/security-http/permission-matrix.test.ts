import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { revokeToken } from '../../src/security/token-admin.js';
import type { RunningService } from '../../src/service/server.js';
import { captureLogger } from '../helpers/log-capture.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { httpRequest, type ServiceResponse } from './http-client.js';
import { addToken, startScopedService, writeTestWallet } from './service-setup.js';

/** A token as the test models it, written from docs/security.md rather than read from src/. */
interface TokenModel {
  id: string;
  operations: string[];
  wallets: string[];
  hotkeys: string[];
  coldkey?: boolean;
  netuids?: number[];
  revoked?: boolean;
}

/** One request of the matrix: a route and the key, wallet and netuid it names. */
interface Cell {
  label: string;
  method: 'GET' | 'POST';
  route: string;
  /** Token operation the request needs. */
  operation: string;
  /** Operation name in the audit log, when it differs from `operation`. */
  auditName?: string;
  keyRole: 'hotkey' | 'coldkey' | 'none';
  wallet?: string;
  hotkey?: string;
  /** Netuid the service can check before it reaches the chain. */
  netuid?: number;
  body?: unknown;
  /** Status of an allowed request without a chain: 503 for transactions, 200 for reads. */
  allowedStatus: number;
}

const LEGACY_ID = 'env:MANAGE_SERVICE_TOKEN';
const LEGACY_SECRET = 'legacy-matrix-token-4c1d8e2f9a7b3c5d';
const ALL_OPERATIONS = [
  'set_weights',
  'serve_axon',
  'sign',
  'commit_weights',
  'stake',
  'transfer',
  'register',
  'admin',
];
const COLDKEY_OPERATIONS = ['stake', 'transfer', 'register'];
/** Any SS58 address works as a transfer destination: no chain runs. */
const DESTINATION = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

const TOKENS: TokenModel[] = [
  {
    id: 'miner-node',
    operations: ['serve_axon', 'sign'],
    wallets: ['miner'],
    hotkeys: ['miner/default'],
  },
  {
    id: 'validator-node',
    operations: ['set_weights', 'commit_weights'],
    wallets: ['validator'],
    hotkeys: ['validator/default'],
  },
  {
    id: 'netuid-2',
    operations: ['set_weights', 'serve_axon', 'sign', 'commit_weights'],
    wallets: ['*'],
    hotkeys: ['*'],
    netuids: [2],
  },
  { id: 'miner-wallet', operations: ['sign'], wallets: ['miner'], hotkeys: ['miner/*'] },
  { id: 'operator', operations: ['admin'], wallets: ['*'], hotkeys: [] },
  // Holds a coldkey operation but no coldkey right and no hotkey: every cell is rejected.
  { id: 'no-rights', operations: ['register'], wallets: ['validator'], hotkeys: [] },
  { id: 'stake-no-coldkey', operations: COLDKEY_OPERATIONS, wallets: ['miner'], hotkeys: [] },
  {
    id: 'treasury',
    operations: [...COLDKEY_OPERATIONS, 'admin'],
    wallets: ['miner'],
    hotkeys: [],
    coldkey: true,
    netuids: [2],
  },
  {
    id: 'revoked-node',
    operations: ALL_OPERATIONS,
    wallets: ['*'],
    hotkeys: ['*'],
    coldkey: true,
    revoked: true,
  },
  // MANAGE_SERVICE_TOKEN: every operation with every hotkey, never a coldkey.
  { id: LEGACY_ID, operations: ALL_OPERATIONS, wallets: ['*'], hotkeys: ['*'] },
];

function hotkeyCell(
  route: string,
  operation: string,
  wallet: string,
  hotkey: string,
  netuid: number,
  data: Record<string, unknown>,
): Cell {
  return {
    label: `${route} ${wallet}/${hotkey} netuid ${netuid}`,
    method: 'POST',
    route,
    operation,
    keyRole: 'hotkey',
    wallet,
    hotkey,
    netuid,
    body: { wallet_name: wallet, hotkey_name: hotkey, transaction_data: { netuid, ...data } },
    allowedStatus: 503,
  };
}

const WEIGHTS = { uids: [0, 1], weights: [65535, 1000], version_key: 1 };
const AXON = { ip: '10.0.0.5', port: 8091 };

function setWeightsCell(wallet: string, hotkey: string, netuid: number): Cell {
  return hotkeyCell('/wallet/set_weights', 'set_weights', wallet, hotkey, netuid, WEIGHTS);
}

function serveAxonCell(wallet: string, hotkey: string, netuid: number): Cell {
  return hotkeyCell('/wallet/serve_axon', 'serve_axon', wallet, hotkey, netuid, AXON);
}

function signCell(wallet: string, hotkey: string): Cell {
  return {
    label: `sign ${wallet}/${hotkey}`,
    method: 'POST',
    route: '/wallet/sign',
    operation: 'sign',
    keyRole: 'hotkey',
    wallet,
    hotkey,
    body: { wallet_name: wallet, hotkey_name: hotkey, messages: [{ data: 'matrix' }] },
    allowedStatus: 200,
  };
}

function commitsCell(wallet: string, hotkey: string, netuid: number): Cell {
  return {
    label: `commits ${wallet}/${hotkey} netuid ${netuid}`,
    method: 'GET',
    route: `/wallet/commits?wallet_name=${wallet}&hotkey_name=${hotkey}&netuid=${netuid}`,
    operation: 'commit_weights',
    keyRole: 'hotkey',
    wallet,
    hotkey,
    netuid,
    allowedStatus: 200,
  };
}

function coldkeyCell(
  route: string,
  operation: string,
  auditName: string,
  wallet: string,
  data: Record<string, unknown>,
  hotkey?: string,
): Cell {
  const netuid = typeof data.netuid === 'number' ? data.netuid : undefined;
  return {
    label: `${route} ${wallet}${netuid === undefined ? '' : ` netuid ${netuid}`}`,
    method: 'POST',
    route,
    operation,
    auditName,
    keyRole: 'coldkey',
    wallet,
    netuid,
    body: {
      wallet_name: wallet,
      ...(hotkey === undefined ? {} : { hotkey_name: hotkey }),
      transaction_data: data,
    },
    allowedStatus: 503,
  };
}

/**
 * Builds a generic call. The token operation follows from the call:
 * serve_axon for a hotkey serve_axon, admin for other calls and every coldkey
 * call. The netuid inside `args` is only checked once the chain decodes the call.
 */
function submitCell(key: 'hotkey' | 'coldkey', wallet: string, call: string, hotkey?: string) {
  const operation = key === 'hotkey' && call === 'serve_axon' ? 'serve_axon' : 'admin';
  return {
    label: `submit ${key} ${call} ${wallet}${hotkey === undefined ? '' : `/${hotkey}`}`,
    method: 'POST',
    route: '/wallet/submit',
    operation,
    auditName: 'submit',
    keyRole: key,
    wallet,
    hotkey,
    body: {
      wallet_name: wallet,
      ...(hotkey === undefined ? {} : { hotkey_name: hotkey }),
      key,
      pallet: key === 'hotkey' ? 'SubtensorModule' : 'Balances',
      call,
      args: { netuid: 3 },
    },
    allowedStatus: 503,
  } satisfies Cell;
}

function adminCell(method: 'GET' | 'POST', route: string): Cell {
  return {
    label: `${method} ${route}`,
    method,
    route,
    operation: 'admin',
    keyRole: 'none',
    allowedStatus: 200,
  };
}

const CELLS: Cell[] = [
  setWeightsCell('validator', 'default', 2),
  setWeightsCell('validator', 'default', 3),
  setWeightsCell('miner', 'default', 2),
  hotkeyCell('/wallet/commit_weights', 'commit_weights', 'validator', 'default', 2, WEIGHTS),
  hotkeyCell('/wallet/commit_weights', 'commit_weights', 'miner', 'default', 3, WEIGHTS),
  {
    // No commit is stored, so an allowed reveal ends in 404 COMMIT_NOT_FOUND.
    ...hotkeyCell('/wallet/reveal_weights', 'commit_weights', 'validator', 'default', 2, {
      commit_id: 1,
    }),
    auditName: 'reveal_weights',
    allowedStatus: 404,
  },
  commitsCell('validator', 'default', 2),
  commitsCell('miner', 'default', 3),
  serveAxonCell('miner', 'default', 2),
  serveAxonCell('miner', 'default', 3),
  serveAxonCell('miner', 'other', 2),
  serveAxonCell('validator', 'default', 2),
  {
    ...hotkeyCell('/wallet/serve_prometheus', 'serve_axon', 'miner', 'default', 2, AXON),
    auditName: 'serve_prometheus',
  },
  {
    ...hotkeyCell('/wallet/serve_axon_tls', 'serve_axon', 'miner', 'other', 2, {
      ...AXON,
      certificate: '0x0102',
    }),
    auditName: 'serve_axon_tls',
  },
  signCell('miner', 'default'),
  signCell('miner', 'other'),
  signCell('validator', 'default'),
  adminCell('GET', '/admin/keys'),
  adminCell('GET', '/admin/audit?limit=1'),
  adminCell('POST', '/admin/reload'),
  coldkeyCell('/wallet/register', 'register', 'burned_register', 'miner', { netuid: 2 }, 'default'),
  coldkeyCell(
    '/wallet/register',
    'register',
    'burned_register',
    'validator',
    { netuid: 2 },
    'default',
  ),
  coldkeyCell(
    '/wallet/add_stake',
    'stake',
    'add_stake',
    'miner',
    { netuid: 2, amount: 1000 },
    'default',
  ),
  coldkeyCell(
    '/wallet/add_stake',
    'stake',
    'add_stake',
    'miner',
    { netuid: 3, amount: 1000 },
    'default',
  ),
  coldkeyCell(
    '/wallet/remove_stake',
    'stake',
    'remove_stake',
    'validator',
    { netuid: 2, amount: 1000 },
    'default',
  ),
  coldkeyCell('/wallet/transfer', 'transfer', 'transfer', 'miner', {
    destination: DESTINATION,
    amount: 1000,
  }),
  coldkeyCell('/wallet/transfer', 'transfer', 'transfer', 'validator', {
    destination: DESTINATION,
    amount: 1000,
  }),
  submitCell('hotkey', 'miner', 'serve_axon', 'default'),
  submitCell('hotkey', 'miner', 'serve_axon', 'other'),
  submitCell('hotkey', 'miner', 'set_children', 'default'),
  submitCell('coldkey', 'miner', 'transfer_keep_alive'),
  submitCell('coldkey', 'validator', 'transfer_keep_alive'),
];

/** Routes that any valid token may call, because they sign nothing and return public data. */
const ROUTES_WITHOUT_SCOPE = ['/health', '/ready', '/metrics', '/wallet/info', '/wallet/verify'];

/** Routes whose requests the audit log does not record; see the bug note below. */
const UNAUDITED_ROUTES = ['/wallet/commits'];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Lists every right the token lacks for a cell, by the rules of
 * docs/security.md and independently of src/security. A 403 must name one.
 */
function missingRights(token: TokenModel, cell: Cell): RegExp[] {
  const id = escape(token.id);
  const missing: RegExp[] = [];
  if (!token.operations.includes(cell.operation)) {
    missing.push(new RegExp(`${id}.*operation ${cell.operation}`));
  }
  const wallet = cell.wallet;
  if (wallet !== undefined && !token.wallets.includes('*') && !token.wallets.includes(wallet)) {
    missing.push(new RegExp(`${id}.*wallet ${wallet}`));
  }
  if (cell.keyRole === 'coldkey' && !token.coldkey) {
    missing.push(new RegExp(`${id}.*coldkey`));
  }
  if (cell.keyRole === 'hotkey' && wallet !== undefined) {
    const granted = token.hotkeys.some(
      (entry) => entry === '*' || entry === `${wallet}/*` || entry === `${wallet}/${cell.hotkey}`,
    );
    if (!granted) {
      missing.push(new RegExp(`${id}.*hotkey ${wallet}/${cell.hotkey}`));
    }
  }
  if (token.netuids && cell.netuid !== undefined && !token.netuids.includes(cell.netuid)) {
    missing.push(new RegExp(`${id}.*netuids? .*\\b${cell.netuid}\\b`));
  }
  return missing;
}

function expectedKind(token: TokenModel, cell: Cell): 'allow' | 'forbid' | 'unauthorized' {
  if (token.revoked) {
    return 'unauthorized';
  }
  return missingRights(token, cell).length > 0 ? 'forbid' : 'allow';
}

function outcomeKind(cell: Cell, answer: ServiceResponse): string {
  if (answer.status === cell.allowedStatus) {
    return 'allow';
  }
  if (answer.status === 403 && answer.json?.error?.code === 'FORBIDDEN') {
    return 'forbid';
  }
  if (answer.status === 401) {
    return 'unauthorized';
  }
  return `status ${answer.status}: ${answer.text.slice(0, 200)}`;
}

const temp = makeTempDir('permission-matrix');
const walletPath = path.join(temp.dir, 'wallets');
const tokenFile = path.join(temp.dir, 'tokens.yaml');
const logs = captureLogger('permission-matrix');
const secrets = new Map<string, string>();
const answers = new Map<string, ServiceResponse>();
let auditToken: string;
let service: RunningService;

function key(token: TokenModel, cell: Cell): string {
  return `${token.id} | ${cell.label}`;
}

function isAudited(cell: Cell): boolean {
  return !UNAUDITED_ROUTES.includes(cell.route.split('?')[0]!);
}

async function auditRecordOf(answer: ServiceResponse): Promise<Record<string, unknown>[]> {
  const requestId = String(answer.headers['x-request-id']);
  const audit = await httpRequest(service.url, `/admin/audit?request_id=${requestId}`, {
    token: auditToken,
  });
  expect(audit.status).toBe(200);
  return audit.json?.records as Record<string, unknown>[];
}

beforeAll(async () => {
  await writeTestWallet(walletPath, 'miner', ['default', 'other']);
  await writeTestWallet(walletPath, 'validator', ['default']);
  // Both coldkeys are enabled without limits, so the token scope alone decides.
  writeFileSync(
    tokenFile,
    stringify({
      policy: {
        wallets: {
          miner: { coldkey: { enabled: true } },
          validator: { coldkey: { enabled: true } },
        },
      },
    }),
    { mode: 0o600 },
  );
  for (const token of TOKENS.filter((model) => model.id !== LEGACY_ID)) {
    const secret = addToken(tokenFile, {
      id: token.id,
      operations: token.operations,
      wallets: token.wallets,
      hotkeys: token.hotkeys,
      coldkey: token.coldkey ?? false,
      netuids: token.netuids,
    });
    secrets.set(token.id, secret);
    if (token.revoked) {
      revokeToken(tokenFile, token.id);
    }
  }
  secrets.set(LEGACY_ID, LEGACY_SECRET);
  auditToken = addToken(tokenFile, { id: 'audit-reader', operations: ['admin'] });
  service = await startScopedService({
    walletPath,
    tokenFile,
    dataDir: temp.dir,
    logger: logs.logger,
    legacyToken: LEGACY_SECRET,
  });

  for (const token of TOKENS) {
    for (const cell of CELLS) {
      const answer = await httpRequest(service.url, cell.route, {
        method: cell.method,
        token: secrets.get(token.id),
        body: cell.body,
      });
      answers.set(key(token, cell), answer);
    }
  }
});

afterAll(async () => {
  await service?.close();
  temp.remove();
});

describe('permission matrix over HTTP', () => {
  it('lets only the allowed cells pass', () => {
    const actual: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const token of TOKENS) {
      for (const cell of CELLS) {
        actual[key(token, cell)] = outcomeKind(cell, answers.get(key(token, cell))!);
        expected[key(token, cell)] = expectedKind(token, cell);
      }
    }
    expect(actual).toEqual(expected);
  });

  it('names the missing right in each 403', () => {
    for (const token of TOKENS) {
      for (const cell of CELLS) {
        if (expectedKind(token, cell) !== 'forbid') {
          continue;
        }
        const answer = answers.get(key(token, cell))!;
        const label = key(token, cell);
        const message = String(answer.json?.error?.message);
        expect(answer.json?.success, label).toBe(false);
        expect(answer.json?.error?.type, label).toBe('forbidden');
        const named = missingRights(token, cell).filter((right) => right.test(message));
        expect(named.length, `${label}: ${message}`).toBeGreaterThan(0);
        expect(answer.json?.signatures, label).toBeUndefined();
      }
    }
  });

  it('audits every rejected request', async () => {
    let rejections = 0;
    for (const token of TOKENS) {
      for (const cell of CELLS.filter(isAudited)) {
        const kind = expectedKind(token, cell);
        if (kind === 'allow') {
          continue;
        }
        rejections++;
        const label = key(token, cell);
        const records = await auditRecordOf(answers.get(label)!);
        expect(records, label).toHaveLength(1);
        const record = records[0]!;
        expect(record.httpStatus, label).toBe(kind === 'forbid' ? 403 : 401);
        expect(record.outcome, label).toBe('rejected');
        expect(record.errorCode, label).toBe(kind === 'forbid' ? 'FORBIDDEN' : 'UNAUTHORIZED');
        expect(record.tokenId, label).toBe(kind === 'forbid' ? token.id : null);
        expect(record.operation, label).toBe(cell.auditName ?? cell.operation);
      }
    }
    expect(rejections).toBeGreaterThan(100);
  });

  it('audits rejections of the commit list', async () => {
    const miner = TOKENS[0]!;
    const rejected = answers.get(key(miner, commitsCell('validator', 'default', 2)))!;
    expect(rejected.status).toBe(403);
    expect(await auditRecordOf(rejected)).toHaveLength(1);
  });

  it('keeps a miner token off the validator', () => {
    const miner = TOKENS[0]!;
    const status = (cell: Cell) => answers.get(key(miner, cell))!.status;
    expect(status(setWeightsCell('validator', 'default', 2))).toBe(403);
    expect(status(signCell('miner', 'other'))).toBe(403);
    expect(status(signCell('validator', 'default'))).toBe(403);
    const ownSign = answers.get(key(miner, signCell('miner', 'default')))!;
    expect(ownSign.status).toBe(200);
    expect(ownSign.json?.signatures).toHaveLength(1);
  });

  it('keeps miner and legacy tokens off coldkeys', () => {
    const coldkeyCells = CELLS.filter((cell) => cell.keyRole === 'coldkey');
    expect(coldkeyCells.length).toBeGreaterThanOrEqual(7);
    for (const id of ['miner-node', 'stake-no-coldkey', LEGACY_ID]) {
      for (const cell of coldkeyCells) {
        const answer = answers.get(`${id} | ${cell.label}`)!;
        expect(answer.status, `${id} | ${cell.label}`).toBe(403);
      }
    }
    const treasuryTransfer = answers.get('treasury | /wallet/transfer miner')!;
    expect(treasuryTransfer.status).toBe(503);
  });

  it('covers every authenticated route', async () => {
    const docs = await httpRequest(service.url, '/docs/json');
    expect(docs.status).toBe(200);
    const documented = Object.keys(docs.json?.paths as Record<string, unknown>);
    const covered = new Set([
      ...CELLS.map((cell) => cell.route.split('?')[0]!),
      ...ROUTES_WITHOUT_SCOPE,
    ]);
    const missing = documented.filter((route) => !covered.has(route));
    // A new route needs its own cells in this matrix.
    expect(missing).toEqual([]);
  });

  it('lets every valid token read public routes', async () => {
    for (const token of TOKENS.filter((model) => !model.revoked)) {
      const info = await httpRequest(service.url, '/wallet/info?wallet_name=validator', {
        token: secrets.get(token.id),
      });
      expect(info.status, token.id).toBe(200);
      expect(info.json?.coldkey?.can_sign, token.id).toBe(true);
    }
  });
});
