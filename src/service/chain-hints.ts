/**
 * Advice for operators on common Subtensor dispatch errors. Names of
 * both the 2023 runtime and today's runtime are listed, since several were
 * renamed.
 */
const HINTS: Readonly<Record<string, string>> = {
  NotRegistered: 'register the hotkey on this subnet first',
  HotKeyNotRegisteredInSubNet: 'register the hotkey on this subnet first',
  HotKeyNotRegisteredInNetwork: 'register the hotkey on this subnet first',
  NetworkDoesNotExist: 'check the netuid; no subnet with that id exists',
  SubNetworkDoesNotExist: 'check the netuid; no subnet with that id exists',
  IncorrectNetworkVersionKey:
    "send the subnet's WeightsVersionKey as version_key (older runtimes require it exactly, newer ones accept any larger key)",
  IncorrectWeightVersionKey: "send a version_key at least the subnet's WeightsVersionKey",
  SettingWeightsTooFast: 'wait for the weights rate limit of the subnet to pass',
  NoValidatorPermit: 'the hotkey needs a validator permit; stake more or wait for the next epoch',
  NeuronNoValidatorPermit:
    'the hotkey needs a validator permit; stake more or wait for the next epoch',
  WeightVecNotEqualSize: 'send one weight per uid',
  DuplicateUids: 'send each uid once',
  InvalidUid: 'send only uids that exist on the subnet',
  UidVecContainInvalidOne: 'send only uids that exist on the subnet',
  NotSettingEnoughWeights: "send at least the subnet's MinAllowedWeights entries",
  MaxWeightExceeded: "no single weight may exceed the subnet's MaxWeightsLimit share",
  CommitRevealEnabled: 'this subnet uses commit-reveal; commit the weights instead',
  ServingRateLimitExceeded: 'wait for the serving rate limit of the subnet to pass',
  InvalidIpAddress: 'use a public IPv4 or IPv6 address, not loopback or a private one',
  InvalidPort: 'use a port from 1 to 65535',
  NotEnoughBalanceToStake: 'the coldkey needs more free balance',
  NotEnoughStaketoWithdraw: 'the hotkey has less stake than requested',
  NotEnoughStakeToWithdraw: 'the hotkey has less stake than requested',
};

export function chainErrorHint(name: string): string | undefined {
  return HINTS[name];
}
