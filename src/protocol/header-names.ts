/**
 * Header names of the Python SDK's synapse (bittensor 10.2.0 `Synapse.to_headers`).
 * They contain underscores, which some proxies drop unless configured to keep them.
 */
export const SYNAPSE_HEADER = {
  name: 'name',
  timeout: 'timeout',
  headerSize: 'header_size',
  totalSize: 'total_size',
  computedBodyHash: 'computed_body_hash',
} as const;

export const AXON_HEADER_PREFIX = 'bt_header_axon_';
export const DENDRITE_HEADER_PREFIX = 'bt_header_dendrite_';
/** Prefix of the headers that carry base64 `json.dumps` of each required field's empty value. */
export const INPUT_OBJ_HEADER_PREFIX = 'bt_header_input_obj_';

/** The SDK dendrite's request timeout when the caller sets none, in seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 12;
