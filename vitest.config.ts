import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Each chain test file starts its own chopsticks instance on a free port;
    // two at a time keeps a 2-core CI machine responsive.
    maxWorkers: 2,
  },
});
