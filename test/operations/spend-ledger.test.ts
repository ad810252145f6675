import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.js';
import { SpendLedger } from '../../src/audit/spend-ledger.js';
import { ALLOW, deny } from '../../src/security/decision.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const temp = makeTempDir('spend-ledger');
const NOON = new Date('2026-03-01T12:00:00Z');
const LATE = new Date('2026-03-01T23:59:59Z');
const NEXT_DAY = new Date('2026-03-02T00:00:01Z');

afterAll(() => temp.remove());

function request(amountRao: bigint, wallet = 'owner') {
  return { wallet, operation: 'transfer', amountRao, requestId: `req-${amountRao}` };
}

describe('SpendLedger', () => {
  it('sums unreleased amounts per wallet and UTC day', () => {
    const ledger = SpendLedger.open(':memory:');
    const first = ledger.reserve(request(5n), () => ALLOW, NOON);
    const second = ledger.reserve(request(7n), () => ALLOW, LATE);
    ledger.reserve(request(100n, 'other'), () => ALLOW, NOON);
    expect(first.allowed).toBe(true);
    expect(second.allowed).toBe(true);
    expect(ledger.spentToday('owner', NOON)).toBe(12n);
    expect(ledger.spentToday('owner', NEXT_DAY)).toBe(0n);
    expect(ledger.spentToday('other', NOON)).toBe(100n);

    if (second.allowed) {
      ledger.settle(second.id, 'released');
    }
    expect(ledger.spentToday('owner', NOON)).toBe(5n);
    if (first.allowed) {
      ledger.settle(first.id, 'spent', '0xabc');
    }
    const [row] = ledger.list('owner').filter((item) => item.state === 'spent');
    expect(row?.amountRao).toBe(5n);
    expect(row?.txHash).toBe('0xabc');
    expect(row?.day).toBe('2026-03-01');
    ledger.close();
  });

  it('passes today total to the decision and records nothing on denial', () => {
    const ledger = SpendLedger.open(':memory:');
    ledger.reserve(request(30n), () => ALLOW, NOON);
    const seen: bigint[] = [];
    const denied = ledger.reserve(
      request(20n),
      (spent) => {
        seen.push(spent);
        return deny('max_per_day_rao 40 exceeded');
      },
      NOON,
    );
    expect(seen).toEqual([30n]);
    expect(denied).toEqual({ allowed: false, reason: 'max_per_day_rao 40 exceeded' });
    expect(ledger.list('owner')).toHaveLength(1);
    ledger.close();
  });

  it('keeps amounts above 2^63 exact', () => {
    const ledger = SpendLedger.open(':memory:');
    const big = 2n ** 64n - 1n;
    ledger.reserve(request(big), () => ALLOW, NOON);
    ledger.reserve(request(1n), () => ALLOW, NOON);
    expect(ledger.spentToday('owner', NOON)).toBe(big + 1n);
    ledger.close();
  });

  it('adds its table to an existing audit database', () => {
    const file = path.join(temp.dir, 'existing.sqlite');
    const audit = AuditLog.open(file);
    audit.record({
      requestId: 'r1',
      operation: 'set_weights',
      outcome: 'success',
      httpStatus: 200,
    });
    audit.close();

    const ledger = SpendLedger.open(file);
    ledger.reserve(request(9n), () => ALLOW, NOON);
    ledger.close();
    const reopened = SpendLedger.open(file);
    expect(reopened.spentToday('owner', NOON)).toBe(9n);
    reopened.close();

    const db = new Database(file, { readonly: true });
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all() as { name: string }[];
    const audits = db.prepare('SELECT COUNT(*) AS n FROM audit_events').get() as { n: number };
    db.close();
    expect(tables.map((table) => table.name)).toContain('coldkey_spend');
    expect(tables.map((table) => table.name)).toContain('audit_events');
    expect(audits.n).toBe(1);
  });
});
