import type { ApiPromise } from '@polkadot/api';
import type { SpRuntimeDispatchError } from '@polkadot/types/lookup';

/** A dispatch failure of an included extrinsic, with names resolved from metadata. */
export interface DecodedDispatchError {
  /** Pallet name for module errors (`SubtensorModule`), otherwise the error kind. */
  pallet: string;
  /** Error name such as `NotRegistered`, or the variant (`BadOrigin`, `Token`). */
  name: string;
  docs: string;
}

function pascalCase(section: string): string {
  return section.charAt(0).toUpperCase() + section.slice(1);
}

/** Resolves a `DispatchError` to pallet, name and docs with the chain's own metadata. */
export function decodeDispatchError(
  api: ApiPromise,
  error: SpRuntimeDispatchError,
): DecodedDispatchError {
  if (error.isModule) {
    try {
      const meta = api.registry.findMetaError(error.asModule);
      return {
        pallet: pascalCase(meta.section),
        name: meta.name,
        docs: meta.docs.join(' ').trim(),
      };
    } catch {
      return { pallet: 'Module', name: error.asModule.toString(), docs: '' };
    }
  }
  const detail = error.toHuman();
  const name =
    typeof detail === 'object' && detail !== null
      ? Object.entries(detail)
          .map(([kind, value]) => `${kind}${typeof value === 'string' ? `.${value}` : ''}`)
          .join(',')
      : String(detail);
  return { pallet: 'System', name, docs: '' };
}
