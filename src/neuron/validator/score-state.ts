import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Validator state kept between restarts. */
export interface ScoreSnapshot {
  netuid: number;
  /** Moving average score per uid, in [0, 1]. */
  scores: number[];
  /** Hotkey each score belongs to, so a re-registered uid starts from zero. */
  hotkeys: string[];
  step: number;
  /** Block of the last weights this validator set, 0 before the first. */
  lastWeightsBlock: number;
}

/** A state file that exists but cannot be used; the message names the file and the fix. */
export class StateFileError extends Error {
  readonly code = 'STATE_FILE_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'StateFileError';
  }
}

/**
 * Exponential moving average of miner scores per uid, persisted to a JSON
 * file after each step so a restarted validator continues where it stopped.
 */
export class ScoreState {
  readonly #file: string;
  readonly #alpha: number;
  #snapshot: ScoreSnapshot;

  private constructor(file: string, alpha: number, snapshot: ScoreSnapshot) {
    this.#file = file;
    this.#alpha = alpha;
    this.#snapshot = snapshot;
  }

  /** Loads the state file, or starts empty when it does not exist. */
  static open(file: string, netuid: number, alpha: number): ScoreState {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new RangeError(`moving average alpha ${alpha} is outside (0, 1]; use e.g. 0.1`);
    }
    const empty: ScoreSnapshot = { netuid, scores: [], hotkeys: [], step: 0, lastWeightsBlock: 0 };
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return new ScoreState(file, alpha, empty);
      }
      throw error;
    }
    return new ScoreState(file, alpha, parseSnapshot(text, file, netuid));
  }

  get snapshot(): Readonly<ScoreSnapshot> {
    return this.#snapshot;
  }

  /**
   * Folds one step's rewards into the averages: `score = alpha * reward +
   * (1 - alpha) * score`. Uids whose hotkey changed since the last step
   * start again from zero, as the Python template does on re-registration.
   */
  update(hotkeys: readonly string[], rewards: ReadonlyMap<number, number>): void {
    const scores = hotkeys.map((hotkey, uid) =>
      this.#snapshot.hotkeys[uid] === hotkey ? (this.#snapshot.scores[uid] ?? 0) : 0,
    );
    for (const [uid, reward] of rewards) {
      if (uid < scores.length) {
        scores[uid] = this.#alpha * reward + (1 - this.#alpha) * scores[uid]!;
      }
    }
    this.#snapshot = {
      ...this.#snapshot,
      scores,
      hotkeys: [...hotkeys],
      step: this.#snapshot.step + 1,
    };
  }

  recordWeightsSet(block: number): void {
    this.#snapshot = { ...this.#snapshot, lastWeightsBlock: block };
  }

  /** Writes the state atomically: a crash leaves either the old or the new file. */
  save(): void {
    mkdirSync(path.dirname(this.#file), { recursive: true });
    const temporary = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.#snapshot), { mode: 0o600 });
    renameSync(temporary, this.#file);
  }
}

function parseSnapshot(text: string, file: string, netuid: number): ScoreSnapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StateFileError(`validator state ${file} is not valid JSON; delete it to start fresh`);
  }
  const snapshot = value as Partial<ScoreSnapshot>;
  const valid =
    typeof snapshot === 'object' &&
    snapshot !== null &&
    Array.isArray(snapshot.scores) &&
    snapshot.scores.every((score) => typeof score === 'number' && Number.isFinite(score)) &&
    Array.isArray(snapshot.hotkeys) &&
    snapshot.hotkeys.length === snapshot.scores.length &&
    Number.isInteger(snapshot.step) &&
    Number.isInteger(snapshot.lastWeightsBlock);
  if (!valid) {
    throw new StateFileError(
      `validator state ${file} has an unexpected shape; delete it to start fresh`,
    );
  }
  if (snapshot.netuid !== netuid) {
    throw new StateFileError(
      `validator state ${file} belongs to netuid ${snapshot.netuid}, not ${netuid}; use another --neuron.state_path`,
    );
  }
  return snapshot as ScoreSnapshot;
}
