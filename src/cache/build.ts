// Which build of llm-audit a cache file was written by. Readers change between builds, and a cache
// file made by another build's readers could differ from what this one reads: such files are
// misses. The version alone is not enough (a development build keeps its version), so the build is
// also told by the folder this module was loaded from: in the bundle, every chunk's name carries a
// hash of its content (rolldown.config.mjs), so the names, sizes and mtimes of the folder's files
// change with any change of code. (The chunk holding this module alone would not do: it is shared
// with the status line's entry and holds no reader.)

import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../version.ts';

let build: string | undefined;

export function buildId(): string {
  if (build === undefined) {
    let files = '';
    try {
      const dir = dirname(fileURLToPath(import.meta.url));
      files = readdirSync(dir)
        .sort()
        .map((name) => {
          const st = statSync(join(dir, name));
          return `${name}:${st.size}:${st.mtimeMs}`;
        })
        .join('|');
      files = `${dir}|${files}`;
    } catch {
      // not a file (a test's virtual module): the version alone
    }
    build = `${VERSION}|${files}`;
  }
  return build;
}
