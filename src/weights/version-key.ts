import { InvalidVersionError } from './errors.js';

/** The Python SDK release whose wire behaviour this project matches. */
export const PYTHON_SDK_VERSION = '10.2.0';

/**
 * Computes the SDK's version key, `major * 1_000_000 + minor * 1_000 + patch`, from
 * the leading `major.minor.patch` of a version string (a suffix such as `rc1` is
 * ignored, as the SDK does). Throws InvalidVersionError when there is no such prefix
 * or a part is 1000 or more, which the SDK rejects too.
 */
export function versionKeyFromSemver(version: string): number {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) {
    throw new InvalidVersionError(
      `version ${JSON.stringify(version)} is invalid: it must start with major.minor.patch`,
    );
  }
  const parts = match.slice(1, 4).map(Number);
  if (parts.some((part) => part >= 1000)) {
    throw new InvalidVersionError(
      `version ${JSON.stringify(version)} is invalid: each part must be below 1000`,
    );
  }
  const [major, minor, patch] = parts as [number, number, number];
  return major * 1_000_000 + minor * 1_000 + patch;
}

/** The default `version_key` of the SDK release above: 10002000. */
export const PYTHON_SDK_VERSION_KEY = versionKeyFromSemver(PYTHON_SDK_VERSION);
