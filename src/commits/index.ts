export { COMMIT_STATES, PendingCommitStore } from './pending-commit-store.js';
export type { CommitQuery, CommitState, NewCommit, PendingCommit } from './pending-commit-store.js';
export {
  CommitNotRevealableError,
  REVEALABLE_STATES,
  revealStoredCommit,
} from './reveal-commit.js';
export type { RevealReceipt, RevealSender } from './reveal-commit.js';
export { DEFAULT_REVEAL_INTERVAL_MS, RevealScheduler } from './reveal-scheduler.js';
export type { RevealSchedulerOptions, TickSummary } from './reveal-scheduler.js';
export { epochIndex, revealWindow, windowPosition } from './reveal-window.js';
export type { RevealWindow, RevealWindowInput, WindowPosition } from './reveal-window.js';
export { generateSalt, SALT_LENGTH } from './salt.js';
