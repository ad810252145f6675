import type { ExtDef } from '@polkadot/types/extrinsic/signedExtensions/types';

const EMPTY = { extrinsic: {}, payload: {} } as const;

/**
 * Subtensor's own signed extensions. Each adds nothing to the extrinsic or
 * to the signed payload, but `@polkadot/api` only signs for a runtime whose
 * extensions it knows, so they are declared here with empty payloads. The
 * names changed between runtime versions; all that appeared on the main
 * network up to runtime spec 425 are listed.
 */
export const SUBTENSOR_SIGNED_EXTENSIONS: ExtDef = {
  SubtensorSignedExtension: EMPTY,
  SubtensorTransactionExtension: EMPTY,
  SudoTransactionExtension: EMPTY,
  CheckShieldedTxValidity: EMPTY,
  DrandPriority: EMPTY,
};
