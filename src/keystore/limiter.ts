/** Runs a task once fewer than the limit of tasks are running; resolves as the task does. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** Creates a limiter that runs at most `maxConcurrent` tasks at a time, in call order. */
export function createLimiter(maxConcurrent: number): Limiter {
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
    throw new RangeError(
      `Concurrency limit ${maxConcurrent} is invalid; use an integer of 1 or more`,
    );
  }
  let running = 0;
  const waiting: Array<() => void> = [];

  // A finished task hands its slot straight to the next waiting one, so a
  // call arriving in between cannot take the slot as well.
  const release = (): void => {
    const next = waiting.shift();
    if (next === undefined) {
      running--;
    } else {
      next();
    }
  };

  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running < maxConcurrent) {
      running++;
    } else {
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    try {
      return await task();
    } finally {
      release();
    }
  };
}
