import { describe, expect, it } from 'vitest';
import { UsageError } from '../../errors.ts';
import { customFormat, parseMapSpec } from './map.ts';

describe('parseMapSpec', () => {
  it('splits key=path pairs, trimming spaces; a path may contain dots, spaces and "="', () => {
    expect(parseMapSpec(' model=response.model , input=Tokens In,output=usage.out=x, tag.team=meta.team,inputIncludesCache=no ')).toEqual({
      model: 'response.model',
      input: 'Tokens In',
      output: 'usage.out=x',
      'tag.team': 'meta.team',
      inputIncludesCache: 'no',
    });
  });

  it.each([
    ['', '--map: give at least input= or output='],
    ['model', '--map: "model" is not key=path'],
    ['input=a,input=b', '--map: input is given twice'],
    ['input=a,colour=b', '--map: unknown key "colour"; use model, timestamp, input'],
    ['input=', '--map: input= needs a field path or column name'],
    ['input=a,tag.=b', '--map: unknown key "tag."'],
    ['input=a,inputIncludesCache=maybe', '--map: inputIncludesCache is "maybe"; use true or false'],
    ['model=m,timestamp=t', '--map: name at least the input= or output= field'],
  ])('%j is a UsageError: %s', (spec, message) => {
    expect(() => parseMapSpec(spec)).toThrow(UsageError);
    expect(() => parseMapSpec(spec)).toThrow(message);
  });
});

describe('customFormat', () => {
  it('builds a JSON format: one path per role, tags, semantics from the switches, JSON cells to decode', () => {
    const { name, spec } = customFormat({ model: 'm', input: 'usage.in', output: 'o', 'tag.team': 'meta.team', outputIncludesReasoning: 'false' }, undefined);
    expect(name).toBe('custom');
    expect(spec.shape === 'json' && [spec.fields, spec.tags, spec.jsonStrings, spec.semantics.outputIncludesReasoning, spec.semantics.inputIncludesCacheRead]).toEqual([
      { model: ['m'], input: ['usage.in'], output: ['o'] },
      { team: ['meta.team'] },
      ['usage', 'meta'],
      false,
      true,
    ]);
  });
});
