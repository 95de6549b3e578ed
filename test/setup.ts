// Runs in every test file (vitest.config.ts setupFiles). The files share a worker's modules
// (isolate: false), so what a module keeps for the process stays from file to file: the full
// vendored tokenizers that some files build (45–220 MB each) are let go after each file, or a
// worker would keep them all and pass 1 GB.
import { afterAll } from 'vitest';
import { releaseShippedTokenizers } from '../src/tokens/hf.ts';

afterAll(() => releaseShippedTokenizers());
