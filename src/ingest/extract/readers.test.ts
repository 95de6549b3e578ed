import { describe, expect, it } from 'vitest';
import { RoleFields } from './fields.ts';
import { conditionTest, firstMatch, firstPresentOf, pathReader, splitPath, type Field, type JsonObject } from './readers.ts';
import { ROLES } from '../formats/spec.ts';
import type { Condition } from '../formats/spec.ts';

/** A path's steps, written the plain way: dots separate them, but a step written whole in double quotes is one key. */
function steps(path: string): string[] {
  const out: string[] = [];
  const re = /("[^"]+"(?=\.|$)|[^.]*)(\.|$)/y;
  for (;;) {
    const m = re.exec(path) as RegExpExecArray;
    const step = m[1] as string;
    out.push(/^"[^"]+"$/.test(step) ? step.slice(1, -1) : step);
    if (m[2] === '') return out;
  }
}

// The semantics the generated code must have, written the plain way: walk the segments; a step
// from anything but an object (arrays included) is undefined.
function walk(obj: JsonObject, path: string): unknown {
  let cur: unknown = obj;
  for (const seg of steps(path)) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as JsonObject)[seg];
  }
  return cur;
}

function holds(obj: JsonObject, c: Condition): boolean {
  const v = walk(obj, c.path);
  if ('present' in c) return (v !== undefined && v !== null) === c.present;
  if ('is' in c) return (typeof v === 'string' || typeof v === 'boolean') && c.is.includes(v);
  if ('not' in c) return !(typeof v === 'string' && c.not.includes(v));
  return typeof v === 'string' && v.startsWith(c.prefix);
}

const blank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

// Keys that would break naive code generation: quotes, backslashes, line separators, code.
const HOSTILE = ['"', '\\', "'", '`', '\n', '\u2028', '\u2029', '${x}', '"]; throw new Error("injected"); //', '</script>', ''];

const SAMPLE: JsonObject = {
  model: 'gpt-5',
  usage: { prompt_tokens: 10, details: { cached: 0 }, empty: '', blank: '  ', nil: null, flag: false },
  choices: [{ message: { content: 'hi' } }, { message: null }],
  text: 'abc',
  type: 'assistant',
  attributes: { 'gen_ai.usage.input_tokens': 12, gen_ai: { usage: { input_tokens: 'nested' } }, '"q"': 'quoted' },
  ok: true,
  ...Object.fromEntries(HOSTILE.map((k, i) => [k, { [k]: `v${i}` }])),
};

const PATHS = [
  'model',
  'usage.prompt_tokens',
  'usage.details.cached',
  'usage.details.cached.deeper',
  'usage.missing.x',
  'usage.nil.x',
  'usage.empty',
  'usage.blank',
  'usage.flag',
  'choices.0.message.content',
  'choices.1.message.content',
  'choices.5.message',
  'choices.length',
  'text.length',
  'text.0',
  'nothing',
  'attributes."gen_ai.usage.input_tokens"',
  'attributes.gen_ai.usage.input_tokens',
  'attributes."gen_ai.usage".input_tokens',
  'attributes.""q""',
  '"attributes"."gen_ai.usage.input_tokens"',
  ...HOSTILE.filter((k) => !k.includes('.')).map((k) => `${k}.${k}`),
];

describe('pathReader', () => {
  it('reads what a plain walk reads, for every path (hostile keys are data, not code)', () => {
    for (const path of PATHS) expect(pathReader(path)(SAMPLE), path).toBe(walk(SAMPLE, path));
    expect(pathReader('"]; throw new Error("injected"); //."]; throw new Error("injected"); //')(SAMPLE)).toBe('v8');
  });

  it('reads a step written in double quotes as one key, dots included (OpenTelemetry attributes)', () => {
    expect(pathReader('attributes."gen_ai.usage.input_tokens"')(SAMPLE)).toBe(12);
    expect(pathReader('attributes.gen_ai.usage.input_tokens')(SAMPLE)).toBe('nested');
    expect(pathReader('"attributes"."gen_ai.usage.input_tokens"')(SAMPLE)).toBe(12);
    expect(splitPath('a."b.c".d')).toEqual(['a', 'b.c', 'd']);
    // A quote that does not close a whole step is a character of the key.
    expect(splitPath('a."b.c"d.e')).toEqual(['a', '"b', 'c"d', 'e']);
    expect(splitPath('a."".b')).toEqual(['a', '""', 'b']);
  });

  it('reads arrays by index, and a string step as missing', () => {
    expect(pathReader('choices.0.message.content')(SAMPLE)).toBe('hi');
    expect(pathReader('choices.length')(SAMPLE)).toBe(2);
    expect(pathReader('text.length')(SAMPLE)).toBeUndefined();
  });

  it('selects an array element by a key\'s value with a [key=value] step (Gemini modality counts)', () => {
    const line = { u: { details: [{ modality: 'TEXT', tokenCount: 10 }, null, { modality: 'AUDIO', tokenCount: 7 }] }, notArray: { modality: 'AUDIO' } };
    expect(pathReader('u.details.[modality=AUDIO].tokenCount')(line)).toBe(7);
    expect(pathReader('u.details.[modality=IMAGE].tokenCount')(line)).toBeUndefined();
    expect(pathReader('notArray.[modality=AUDIO]')(line)).toBeUndefined();
    // The key and the value are data: a hostile selector cannot run code.
    expect(pathReader('u.details.[modality") || (()=>{throw 1})() || ("=AUDIO].tokenCount')(line)).toBeUndefined();
  });
});

describe('conditionTest', () => {
  const values: (string | boolean)[] = ['gpt-5', 'assistant', 'abc', 'user', true, false, 'v0', '', 'hi'];
  const conditionsAt = (path: string): Condition[] => [
    { path, present: true },
    { path, present: false },
    { path, is: ['assistant', true] },
    { path, is: [] },
    { path, is: values },
    { path, not: ['assistant', 'gpt-5'] },
    { path, not: [] },
    { path, prefix: 'gp' },
    { path, prefix: '' },
  ];

  it('agrees with the plain semantics on every single condition', () => {
    for (const path of PATHS) {
      for (const c of conditionsAt(path)) expect(conditionTest([c])(SAMPLE), JSON.stringify(c)).toBe(holds(SAMPLE, c));
    }
  });

  it('agrees on random condition lists (all must hold; none is true)', () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pool = PATHS.flatMap(conditionsAt);
    for (let i = 0; i < 500; i++) {
      const list = Array.from({ length: rand(4) }, () => pool[rand(pool.length)] as Condition);
      expect(conditionTest(list)(SAMPLE), JSON.stringify(list)).toBe(list.every((c) => holds(SAMPLE, c)));
    }
  });

  it('is made once per list', () => {
    const list: Condition[] = [{ path: 'model', present: true }];
    expect(conditionTest(list)).toBe(conditionTest(list));
  });
});

describe('firstMatch', () => {
  it('returns the first entry that matches, in table order, asking `other` for entries without conditions', () => {
    const asked: number[] = [];
    const pick = firstMatch(
      [[{ path: 'type', is: ['user'] }], undefined, [{ path: 'model', prefix: 'gpt' }], [{ path: 'ok', present: true }]],
      (_obj, i) => {
        asked.push(i);
        return false;
      },
    );
    expect(pick(SAMPLE)).toBe(2);
    expect(asked).toEqual([1]);
    expect(pick({ other: 1 })).toBe(-1);
  });
});

describe('firstPresentOf', () => {
  const make = (): Record<string, Field | undefined> => ({ a: undefined, b: undefined, c: undefined });

  it('gives each name the first value that is not blank, with its path; else leaves it as made', () => {
    const paths = ['usage.empty', 'usage.blank', 'usage.nil', 'nothing', 'usage.flag', 'model'];
    const read = firstPresentOf({ a: paths, b: ['usage.empty', 'usage.details.cached'], c: ['usage.empty', 'nothing'] }, make);
    const expected = paths.find((p) => !blank(walk(SAMPLE, p)));
    expect(read(SAMPLE)).toEqual({ a: { label: expected, value: false }, b: { label: 'usage.details.cached', value: 0 }, c: undefined });
    expect(firstPresentOf({}, make)(SAMPLE)).toEqual(make());
  });

  it('reads hostile paths as data', () => {
    const path = '"]; throw new Error("injected"); //."]; throw new Error("injected"); //';
    expect(firstPresentOf({ [path]: [path] }, () => ({}))(SAMPLE)).toEqual({ [path]: { label: path, value: 'v8' } });
  });
});

describe('RoleFields', () => {
  it('declares every role, in ROLES order (one shape for every row)', () => {
    expect(Object.keys(new RoleFields())).toEqual([...ROLES]);
  });
});
