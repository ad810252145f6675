import { expect, it, vi } from 'vitest';
import { lazyChild } from '../../src/log/lazy-child.js';
import { captureLogger } from '../helpers/log-capture.js';

function lines(text: string): Record<string, unknown>[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      delete parsed.time;
      return parsed;
    });
}

it('writes the same lines as a child made at once, redaction included', () => {
  const eager = captureLogger('lazy', 'info');
  const lazy = captureLogger('lazy', 'info');
  const line = { password: 'hunter2', nested: { token: 'abc' }, count: 3 };

  eager.logger.child({ reqId: 'r1' }).warn(line, 'something happened');
  lazyChild(lazy.logger, { reqId: 'r1' }).warn(line, 'something happened');

  expect(lines(lazy.text())).toEqual(lines(eager.text()));
  expect(lazy.text()).not.toContain('hunter2');
  expect(lazy.text()).not.toContain('abc');
  expect(lazy.text()).toContain('"reqId":"r1"');
});

it('makes the child only for the first enabled line', () => {
  const { logger, text } = captureLogger('lazy', 'info');
  const child = vi.spyOn(logger, 'child');
  const log = lazyChild(logger, { reqId: 'r2' });

  log.debug('below the level');
  expect(child).not.toHaveBeenCalled();
  expect(text()).toBe('');

  log.info('first');
  log.error('second');
  expect(child).toHaveBeenCalledTimes(1);
  expect(lines(text()).map((line) => line.msg)).toEqual(['first', 'second']);
});

it('follows the parent level until it has a level of its own', () => {
  const { logger, text } = captureLogger('lazy', 'info');
  const log = lazyChild(logger, { reqId: 'r3' });

  expect(log.level).toBe('info');
  expect(log.isLevelEnabled('debug')).toBe(false);
  log.level = 'debug';
  log.debug('now visible');

  expect(logger.level).toBe('info');
  expect(lines(text())).toMatchObject([{ msg: 'now visible', reqId: 'r3' }]);
});

it('passes bindings on to grandchildren', () => {
  const { logger, text } = captureLogger('lazy', 'info');
  const log = lazyChild(logger, { reqId: 'r4' });

  log.child({ step: 'sign' }).info('nested');

  expect(log.bindings()).toMatchObject({ reqId: 'r4' });
  expect(lines(text())).toMatchObject([{ msg: 'nested', reqId: 'r4', step: 'sign' }]);
});

it('makes a child with its own level at once', () => {
  const { logger } = captureLogger('lazy', 'info');
  const child = vi.spyOn(logger, 'child');

  const log = lazyChild(logger, { reqId: 'r5' }, { level: 'warn' });

  expect(child).toHaveBeenCalledTimes(1);
  expect(log.isLevelEnabled('info')).toBe(false);
});
