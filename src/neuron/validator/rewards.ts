import type { DummyFields } from '../../protocol/index.js';
import type { QueryResult } from './dendrite.js';

/**
 * Reward of one response to the template's `Dummy` query: 1 when the miner
 * returned the input doubled, 0 for a wrong output, an error or no response.
 */
export function dummyReward(input: number, result: QueryResult<DummyFields>): number {
  return result.fields?.dummy_output === input * 2 ? 1 : 0;
}
