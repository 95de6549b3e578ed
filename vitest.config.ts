import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.mjs'],
    // CLI tests spawn the built binary; two cores, so keep the pool small.
    maxWorkers: 2,
    // Test files share their worker's module cache instead of each importing the program again
    // (tiktoken, the vendored tokenizers, the pricing catalogue): 86 files took ~17 s of imports
    // alone. Safe because no test mocks a module or changes process-wide state (no vi.mock,
    // stubbed env or fake timers; spies only on objects a test makes itself); a test that needs
    // those must go in a project of its own with isolate: true.
    isolate: false,
    // What modules keep for the process is let go after each file (test/setup.ts).
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
    // Runs in the tests (in process or spawned with process.env) never use the user's cache
    // (~/.cache/llm-audit): a test of the cache passes its own --cache-dir.
    env: { LLM_AUDIT_CACHE: '0' },
  },
});
