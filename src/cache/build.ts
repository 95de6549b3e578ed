// Which build of llm-audit a cache file was written by. Readers change between builds, and a cache
// file made by another build's readers could differ from what this one reads: such files are
// misses. The version alone is not enough (a development build keeps its version), so the build is
// also told by the file this module was loaded from: in the bundle, a chunk whose name carries a
// hash of its content (rolldown.config.mjs), with its size and mtime for good measure.

import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../version.ts';

let build: string | undefined;

export function buildId(): string {
  if (build === undefined) {
    let file = '';
    try {
      const path = fileURLToPath(import.meta.url);
      const st = statSync(path);
      file = `${path}:${st.size}:${st.mtimeMs}`;
    } catch {
      // not a file (a test's virtual module): the version alone
    }
    build = `${VERSION}|${file}`;
  }
  return build;
}
