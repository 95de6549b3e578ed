import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.mjs'],
    // CLI tests spawn the built binary; two cores, so keep the pool small.
    maxWorkers: 2,
    testTimeout: 20_000,
  },
});
