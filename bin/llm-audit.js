#!/usr/bin/env node
// Loads the compiled CLI. A missing dist/ means the package was not built. `statusline` has an entry
// of its own (src/statusline/main.ts): Claude Code runs it every few seconds, and most runs are
// answered without loading the rest of the CLI.
const entry = process.argv[2] === 'statusline' ? 'statusline.js' : 'main.js';
import(`../dist/bundle/${entry}`).catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(`dist/bundle/${entry}`)) {
    process.stderr.write('llm-audit: not built yet; run `npm run build` (or `npm ci`) in the package folder first\n');
    process.exitCode = 2;
    return;
  }
  throw error;
});
