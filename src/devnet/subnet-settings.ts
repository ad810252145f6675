/** Hyperparameters of the devnet subnet, chosen so tests never wait for rate limits. */
export interface SubnetSettings {
  netuid: number;
  /** Blocks per epoch is tempo + 1; short so validator permits appear quickly. */
  tempo: number;
  /** Subnets reject `set_weights` whose version key is below this; 0 accepts any key. */
  weightsVersionKey: number;
  minAllowedWeights: number;
  maxWeightLimit: number;
  weightsRateLimit: number;
  servingRateLimit: number;
  maxRegistrationsPerBlock: number;
}

export const DEFAULT_SUBNET: Readonly<SubnetSettings> = Object.freeze({
  netuid: 2,
  tempo: 10,
  weightsVersionKey: 1,
  minAllowedWeights: 1,
  maxWeightLimit: 65535,
  weightsRateLimit: 0,
  servingRateLimit: 0,
  maxRegistrationsPerBlock: 100,
});

/** Stake given to the `validator` hotkey at registration: 1000 TAO in rao. */
export const VALIDATOR_STAKE_RAO = 1_000_000_000_000n;

/** Free balance of each dev coldkey: 10,000 TAO in rao. */
export const COLDKEY_BALANCE_RAO = 10_000_000_000_000n;
