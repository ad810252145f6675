export { buildAxonErrorResponse, buildAxonResponse } from './axon-response.js';
export type { AxonResponse, AxonResponseInput } from './axon-response.js';
export { computeBodyHash, sha3Hex } from './body-hash.js';
export { axonUrl, buildDendriteRequest, withSignature } from './dendrite-request.js';
export type {
  DendriteRequestInput,
  SignedDendriteRequest,
  UnsignedDendriteRequest,
} from './dendrite-request.js';
export { answerDummy, DUMMY_SYNAPSE } from './dummy-synapse.js';
export type { DummyFields } from './dummy-synapse.js';
export { ProtocolError } from './errors.js';
export type { ProtocolErrorCode } from './errors.js';
export { normalizeHeaders } from './header-map.js';
export type { IncomingHeaders } from './header-map.js';
export {
  AXON_HEADER_PREFIX,
  DEFAULT_TIMEOUT_SECONDS,
  DENDRITE_HEADER_PREFIX,
  INPUT_OBJ_HEADER_PREFIX,
  SYNAPSE_HEADER,
} from './header-names.js';
export {
  ALLOWED_NONCE_DELTA_NS,
  createNonceSource,
  NonceGuard,
  wallClockNs,
} from './nonce-guard.js';
export type { NonceCheck, NonceGuardOptions } from './nonce-guard.js';
export { pythonJson } from './python-json.js';
export {
  PyFloat,
  pyFloat,
  pythonFloatRepr,
  pythonRepr,
  pythonStr,
  pythonStringRepr,
} from './python-str.js';
export type { PyValue } from './python-str.js';
export {
  axonSigningMessage,
  dendriteSigningMessage,
  formatSignature,
  parseSignature,
  verifySr25519Signature,
} from './signing.js';
export type { AxonMessageParts, DendriteMessageParts, SignatureVerifier } from './signing.js';
export { AXON_STATUS, axonRejection, unknownSynapseRejection } from './status.js';
export type { AxonErrorCode, AxonRejection } from './status.js';
export { encodeSynapse, synapseBodyHash } from './synapse.js';
export type {
  EncodedSynapse,
  SynapseDefinition,
  SynapseEnvelope,
  SynapseFields,
} from './synapse.js';
export {
  parseFloatHeader,
  parseTerminalInfo,
  terminalInfoHeaders,
  terminalInfoJson,
} from './terminal-info.js';
export type { TerminalInfo } from './terminal-info.js';
export { createUuidV1 } from './uuid-v1.js';
export { verifyAxonRequest } from './verify-request.js';
export type {
  VerifiedAxonRequest,
  VerifiedDendrite,
  VerifyAxonRequestOptions,
} from './verify-request.js';
