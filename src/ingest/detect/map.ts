// --map: a format the user writes on the command line for a log no built-in format reads.
// `model=response.model,input=usage.in,output=usage.out,inputIncludesCache=false` names, per role,
// a dotted JSON path (JSONL) or a column name (CSV; a column holding JSON can be followed with a
// dot: `meta.usage.cached`). It becomes a JSON format named "custom" and is read by the same
// extraction as every built-in format.

import { UsageError } from '../../errors.ts';
import { OPENAI_SEMANTICS, type Chosen, type JsonFormat, type Role } from '../formats/spec.ts';

/** Keys of a map spec that name a field, and the role each fills. */
const FIELD_KEYS: Readonly<Record<string, Role>> = {
  model: 'model',
  timestamp: 'timestamp',
  input: 'input',
  output: 'output',
  cacheRead: 'cacheRead',
  cacheWrite: 'cacheWrite',
  cacheWrite5m: 'cacheWrite5m',
  cacheWrite1h: 'cacheWrite1h',
  reasoning: 'reasoning',
  inputAudio: 'inputAudio',
  inputImage: 'inputImage',
  outputAudio: 'outputAudio',
  webSearch: 'webSearch',
  requests: 'requests',
  cost: 'cost',
  serviceTier: 'serviceTier',
};
/** Keys that are switches, with their defaults (the OpenAI convention, like the generic format). */
const FLAG_KEYS = { inputIncludesCache: true, outputIncludesReasoning: true } as const;
type FlagKey = keyof typeof FLAG_KEYS;
const TAG_PREFIX = 'tag.';

export const MAP_KEYS: readonly string[] = [...Object.keys(FIELD_KEYS), ...Object.keys(FLAG_KEYS), `${TAG_PREFIX}NAME`];

const EXAMPLE = 'e.g. --map model=response.model,input=usage.in,output=usage.out,cacheRead=usage.cached,inputIncludesCache=false';

/**
 * "key=path,key=path" → {key: path}. Throws UsageError naming the bad part: a pair without "=",
 * an unknown key, a key given twice, an empty path, a switch that is not true/false, or no
 * input/output field at all.
 */
export function parseMapSpec(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const pairs = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (pairs.length === 0) throw new UsageError(`--map: give at least input= or output= (${EXAMPLE})`);
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq === -1) throw new UsageError(`--map: "${pair}" is not key=path (${EXAMPLE})`);
    const key = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (Object.hasOwn(out, key)) throw new UsageError(`--map: ${key} is given twice`);
    out[key] = value;
  }
  checkMap(out);
  return out;
}

function isFlag(key: string): key is FlagKey {
  return Object.hasOwn(FLAG_KEYS, key);
}

function flagValue(key: string, value: string): boolean {
  const v = value.toLowerCase();
  if (v === 'true' || v === 'yes') return true;
  if (v === 'false' || v === 'no') return false;
  throw new UsageError(`--map: ${key} is "${value}"; use true or false`);
}

/** Throws UsageError for anything parseMapSpec would refuse (the map may come from the API, not the CLI). */
function checkMap(map: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(map)) {
    const known = Object.hasOwn(FIELD_KEYS, key) || isFlag(key) || (key.startsWith(TAG_PREFIX) && key.length > TAG_PREFIX.length);
    if (!known) throw new UsageError(`--map: unknown key "${key}"; use ${MAP_KEYS.join(', ')}`);
    if (value === '') throw new UsageError(`--map: ${key}= needs a field path or column name`);
    if (isFlag(key)) flagValue(key, value);
  }
  if (!Object.hasOwn(map, 'input') && !Object.hasOwn(map, 'output')) {
    throw new UsageError(`--map: name at least the input= or output= field (${EXAMPLE})`);
  }
}

/** The "custom" format a map defines. Throws UsageError for a bad map, or one with no model and no --default-model. */
export function customFormat(map: Readonly<Record<string, string>>, defaultModel: string | undefined): Chosen {
  checkMap(map);
  if (!Object.hasOwn(map, 'model') && defaultModel === undefined) {
    throw new UsageError('--map: no model= field; name it, or give --default-model for every record');
  }
  const fields: Partial<Record<Role, readonly string[]>> = {};
  const tags: Record<string, readonly string[]> = {};
  const flags: Record<FlagKey, boolean> = { ...FLAG_KEYS };
  for (const [key, value] of Object.entries(map)) {
    if (isFlag(key)) flags[key] = flagValue(key, value);
    else if (key.startsWith(TAG_PREFIX)) tags[key.slice(TAG_PREFIX.length)] = [value];
    else {
      const role = FIELD_KEYS[key];
      if (role) fields[role] = [value];
    }
  }
  // The first step of a dotted path may be a field (or CSV cell) holding JSON as text.
  const jsonStrings = [...new Set(Object.values(map).filter((p) => p.includes('.')).map((p) => p.slice(0, p.indexOf('.'))))];
  const spec: JsonFormat = {
    shape: 'json',
    description: 'the format given with --map',
    detect: [],
    skip: [],
    fields,
    jsonStrings,
    tags,
    semantics: {
      ...OPENAI_SEMANTICS,
      inputIncludesCacheRead: flags.inputIncludesCache,
      inputIncludesCacheWrite: flags.inputIncludesCache,
      outputIncludesReasoning: flags.outputIncludesReasoning,
      numbersAsText: true,
      requiredTokens: [],
    },
  };
  return { name: 'custom', spec };
}
