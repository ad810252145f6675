import { ss58PublicKey } from '../../security/coldkey-policy.js';
import { KeyUnavailableError } from '../../keystore/errors.js';
import { InvalidRequestError } from './invalid-request.js';
import type { SignerSource } from './signer-source.js';

export interface WaitOptions {
  waitForInclusion: boolean;
  waitForFinalization: boolean;
}

export function waitOptions(data: {
  wait_for_inclusion?: boolean;
  wait_for_finalization?: boolean;
}): WaitOptions {
  return {
    waitForInclusion: data.wait_for_inclusion ?? false,
    waitForFinalization: data.wait_for_finalization ?? false,
  };
}

/** Checks that `value` is an SS58 address; any network prefix is accepted. */
export function parseAddress(value: string, field: string): string {
  if (ss58PublicKey(value) === undefined) {
    throw new InvalidRequestError(
      `${field} ${JSON.stringify(value.slice(0, 64))} is not a valid SS58 address; send an address such as 5F...`,
    );
  }
  return value;
}

/**
 * Resolves the hotkey a coldkey operation acts on: a hotkey of the wallet by
 * name, or any hotkey by SS58 address. Exactly one of the two must be sent.
 */
export function targetHotkey(
  signers: SignerSource,
  wallet: string,
  hotkeyName: string | undefined,
  hotkeyAddress: string | undefined,
): string {
  if (hotkeyName !== undefined && hotkeyAddress !== undefined) {
    throw new InvalidRequestError(
      'both hotkey_name and transaction_data.hotkey are set; send one of them',
    );
  }
  if (hotkeyAddress !== undefined) {
    return parseAddress(hotkeyAddress, 'transaction_data.hotkey');
  }
  if (hotkeyName === undefined) {
    throw new InvalidRequestError(
      'no hotkey given; send hotkey_name (a hotkey of the wallet) or transaction_data.hotkey (an SS58 address)',
    );
  }
  const status = signers.hotkeyStatus(wallet, hotkeyName);
  if (status.address === undefined) {
    throw new KeyUnavailableError(
      `the address of hotkey ${hotkeyName} of wallet ${wallet} is unknown (${status.error?.code ?? 'not loaded'}); send transaction_data.hotkey instead`,
    );
  }
  return status.address;
}

/** Describes how long the request waits, for audit summaries. */
export function waitSummary(wait: WaitOptions): string {
  if (wait.waitForFinalization) {
    return 'finalization';
  }
  return wait.waitForInclusion ? 'inclusion' : 'pool';
}
