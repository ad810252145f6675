import type { ResourceLimits } from 'node:worker_threads';

/**
 * Heap limits of the service's long-lived worker threads (signing, audit
 * writing). They allocate little per task, but a young generation of the
 * default size still grows to many megabytes in each thread under load. A
 * 4 MB young generation lowered the service's median resident memory from
 * about 259 to 242 MiB in single 2-minute soaks with 256 hotkeys
 * (bench/memory.ts), an estimate from noisy runs.
 */
export const WORKER_RESOURCE_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 4 };
