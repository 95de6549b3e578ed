/** `count` JSONL lines (each ending in \n) of the generated SQL log (sql-log.mjs). */
export function generatedLog(count: number, seed?: number): Generator<string>;
