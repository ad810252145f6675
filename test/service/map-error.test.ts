import { describe, expect, it } from 'vitest';
import { QueueFullError } from '../../src/chain/account-queue.js';
import { ChainUnavailableError, PoolRejectedError } from '../../src/chain/errors.js';
import { KeyNotFoundError } from '../../src/keystore/errors.js';
import { toApiError } from '../../src/service/map-error.js';

describe('toApiError', () => {
  it.each([
    ['WebSocket is not connected', 'CHAIN_UNAVAILABLE'],
    ['disconnected from ws://127.0.0.1:9944: 1006:: Abnormal Closure', 'CHAIN_UNAVAILABLE'],
    ['No response received from RPC endpoint in 60s', 'CHAIN_UNAVAILABLE'],
  ])('maps the transport error %j to %s', (message, code) => {
    expect(toApiError(new Error(message))?.code).toBe(code);
  });

  it('maps typed chain errors', () => {
    expect(toApiError(new ChainUnavailableError('away'))?.status).toBe(503);
    expect(toApiError(new PoolRejectedError('rejected', 'stale', 1010, '0x01'))?.code).toBe(
      'POOL_REJECTED',
    );
    expect(toApiError(new QueueFullError('5F', 9))?.code).toBe('QUEUE_FULL');
    expect(toApiError(new KeyNotFoundError('no wallet x'))?.status).toBe(404);
  });

  it('leaves an unknown error to the internal handler', () => {
    expect(toApiError(new Error('something else broke'))).toBeUndefined();
  });
});
