import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommitWeightsBody } from '../../src/service/operations/commit-weights.js';
import { InvalidRequestError } from '../../src/service/operations/invalid-request.js';
import { parseSetWeightsBody } from '../../src/service/operations/set-weights.js';
import { COMMIT_WEIGHTS_ROUTE_SCHEMA } from '../../src/service/schemas/commits.js';
import { SET_WEIGHTS_BODY, type SetWeightsBody } from '../../src/service/schemas/set-weights.js';

function body(data: Partial<SetWeightsBody['transaction_data']>): SetWeightsBody {
  return {
    wallet_name: 'validator',
    hotkey_name: 'default',
    transaction_data: { netuid: 2, uids: [0, 1, 2], weights: [1, 2, 3], ...data },
  };
}

describe('float weights in a request', () => {
  it('scales to u16 as the SDK does', () => {
    // 0.5 / 1 * 65535 = 32767.5 rounds to even 32768; 0.25 gives 16383.75, so 16384.
    const input = parseSetWeightsBody(
      body({ uids: [4, 5, 6], weights: [0.5, 1, 0.25], weights_format: 'float' }),
    );
    expect(input.uids).toEqual([4, 5, 6]);
    expect(input.weights).toEqual([32768, 65535, 16384]);
    expect(input.weightsFormat).toBe('float');
  });

  it('casts to float32 before scaling', () => {
    // float32(0.1) = 0.100000001490116..., float32(0.3) = 0.300000011920928...;
    // 0.1000000015 / 0.3000000119 * 65535 = 21844.9997..., which rounds to 21845.
    const input = parseSetWeightsBody(
      body({ uids: [0, 1], weights: [0.1, 0.3], weights_format: 'float' }),
    );
    expect(input.weights).toEqual([21845, 65535]);
  });

  it('drops weights that round to zero with their uid', () => {
    const input = parseSetWeightsBody(
      body({ uids: [7, 8, 9], weights: [0, 2, 0.00001], weights_format: 'float' }),
    );
    expect(input.uids).toEqual([8]);
    expect(input.weights).toEqual([65535]);
  });

  it('rejects all-zero weights', () => {
    const parse = () =>
      parseSetWeightsBody(body({ uids: [1, 2], weights: [0, 0], weights_format: 'float' }));
    expect(parse).toThrow(InvalidRequestError);
    expect(parse).toThrow(/every float weight is 0/);
  });

  it('rejects a weight beyond float32', () => {
    const parse = () =>
      parseSetWeightsBody(body({ uids: [1, 2], weights: [1e39, 1], weights_format: 'float' }));
    expect(parse).toThrow(/not a finite number/);
  });

  it('keeps u16 weights unchanged by default', () => {
    const input = parseSetWeightsBody(body({ weights: [0, 7, 65535] }));
    expect(input.uids).toEqual([0, 1, 2]);
    expect(input.weights).toEqual([0, 7, 65535]);
    expect(input.weightsFormat).toBe('u16');
    expect(input.versionKey).toBe(10002000n);
  });

  it('rejects a fractional u16 weight', () => {
    expect(() => parseSetWeightsBody(body({ weights: [1, 2.5, 3] }))).toThrow(
      /weight 2.5 at index 1 is not a u16/,
    );
  });

  it('checks duplicates before converting', () => {
    expect(() =>
      parseSetWeightsBody(body({ uids: [1, 1], weights: [0.2, 0.4], weights_format: 'float' })),
    ).toThrow(/uid 1 appears more than once/);
  });

  it('rejects a mechid beyond the storage index', () => {
    expect(() => parseSetWeightsBody(body({ netuid: 2, mechid: 16 }))).toThrow(
      /mecid 16 with netuid 2/,
    );
  });

  it('keeps a given salt for a commit', () => {
    const input = parseCommitWeightsBody({
      ...body({ weights: [0.1, 0.2, 0.3], weights_format: 'float' }),
      transaction_data: {
        ...body({ weights: [0.1, 0.2, 0.3], weights_format: 'float' }).transaction_data,
        salt: [1, 2, 3],
      },
    });
    expect(input.salt).toEqual([1, 2, 3]);
    expect(input.weights[2]).toBe(65535);
  });
});

describe('weights body schema', () => {
  // The same Ajv options as the service: no type coercion, defaults filled in.
  const app = Fastify({
    ajv: {
      customOptions: {
        coerceTypes: false,
        removeAdditional: false,
        allErrors: true,
        useDefaults: true,
      },
    },
  });
  app.post('/set', { schema: { body: SET_WEIGHTS_BODY } }, async (request) => request.body);
  app.post('/commit', { schema: { body: COMMIT_WEIGHTS_ROUTE_SCHEMA.body } }, async () => ({}));

  beforeAll(async () => {
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  const send = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });

  it('accepts fractions with the float format', async () => {
    const reply = await send('/set', body({ weights: [0.5, 1.5, 2], weights_format: 'float' }));
    expect(reply.statusCode).toBe(200);
  });

  it('rejects fractions without the float format', async () => {
    const reply = await send('/set', body({ weights: [0.5, 1, 2] }));
    expect(reply.statusCode).toBe(400);
    expect(reply.body).toContain('must be integer');
  });

  it('rejects negative float weights', async () => {
    const reply = await send('/set', body({ weights: [-0.5, 1, 2], weights_format: 'float' }));
    expect(reply.statusCode).toBe(400);
  });

  it('fills the defaults', async () => {
    const reply = await send('/set', body({}));
    expect(reply.json().transaction_data).toMatchObject({
      weights_format: 'u16',
      wait_for_inclusion: false,
      queue_until_allowed: false,
    });
  });

  it('rejects an unknown format', async () => {
    const reply = await send('/set', body({ weights_format: 'percent' as 'u16' }));
    expect(reply.statusCode).toBe(400);
  });

  it('accepts a salt only on commits', async () => {
    const data = { ...body({}).transaction_data, salt: [1, 2] };
    expect((await send('/commit', { ...body({}), transaction_data: data })).statusCode).toBe(200);
    expect((await send('/set', { ...body({}), transaction_data: data })).statusCode).toBe(400);
  });
});
