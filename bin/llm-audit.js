#!/usr/bin/env node
// Loads the compiled CLI. A missing dist/ means the package was not built.
import('../dist/bundle/main.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bundle/main.js')) {
    process.stderr.write('llm-audit: not built yet; run `npm run build` (or `npm ci`) in the package folder first\n');
    process.exitCode = 2;
    return;
  }
  throw error;
});
