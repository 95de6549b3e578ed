// The parse floors of the bench: a plain single-thread loop over the same bytes llm-audit reads.
// bench.mjs runs them in its own (warm) process, and through floor-child.mjs in a fresh process,
// which pays what a CLI run pays: node start-up and a cold JIT.
import { createReadStream, statSync } from 'node:fs';
import { parse as csvParse } from 'csv-parse';

/** Plain single-thread floor: 1 MB chunks, split on \n, toString + JSON.parse per line. */
export async function jsonFloor(files) {
  const t0 = performance.now();
  let bytes = 0;
  let lines = 0;
  for (const file of files) {
    let rest = null;
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      bytes += chunk.length;
      const buf = rest ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      let nl;
      while ((nl = buf.indexOf(10, start)) !== -1) {
        if (nl > start) lines += parseLine(buf, start, nl);
        start = nl + 1;
      }
      rest = start < buf.length ? buf.subarray(start) : null;
    }
    if (rest) lines += parseLine(rest, 0, rest.length);
  }
  return { seconds: (performance.now() - t0) / 1000, bytes, lines };
}

function parseLine(buf, start, end) {
  try {
    JSON.parse(buf.toString('utf8', start, end));
    return 1;
  } catch {
    return 0;
  }
}

/**
 * csv-parse floor, rows as arrays (columns: false): the library llm-audit read CSV with until its own
 * reader (src/ingest/read/csvrecords.ts), and the reference the performance issue names.
 */
export async function csvFloor(files) {
  const t0 = performance.now();
  let bytes = 0;
  let lines = 0;
  for (const file of files) {
    bytes += statSync(file).size;
    // 'data' events: 1.3–1.7× faster here than for-await over the parser.
    await new Promise((resolve, reject) => {
      createReadStream(file, { highWaterMark: 1 << 20 })
        .on('error', reject)
        .pipe(csvParse({ bom: true, relax_column_count: true }))
        .on('data', () => lines++)
        .on('end', resolve)
        .on('error', reject);
    });
  }
  return { seconds: (performance.now() - t0) / 1000, bytes, lines };
}

