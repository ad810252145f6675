import { describe, expect, it } from 'vitest';

import { PYTHON_SDK_VERSION_KEY, versionKeyFromSemver } from '../../src/weights/version-key.js';
import { catchError } from './catch-weights-error.js';

describe('versionKeyFromSemver', () => {
  it.each([
    // major * 10^6 + minor * 10^3 + patch
    ['10.2.0', 10 * 1_000_000 + 2 * 1_000 + 0],
    ['7.2.0', 7_002_000],
    ['9.12.3rc1', 9_012_003],
    ['0.0.1', 1],
  ])('maps %s to %i', (version, expected) => {
    expect(versionKeyFromSemver(version)).toBe(expected);
  });

  it('gives 10002000 for SDK 10.2.0', () => {
    expect(PYTHON_SDK_VERSION_KEY).toBe(10002000);
  });

  it('rejects a version without patch', () => {
    const error = catchError(() => versionKeyFromSemver('10.2'));

    expect(error.code).toBe('VERSION_INVALID');
  });

  it('rejects a part of 1000 or more', () => {
    const error = catchError(() => versionKeyFromSemver('1.1000.0'));

    expect(error.code).toBe('VERSION_INVALID');
  });
});
