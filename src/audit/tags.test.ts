import { describe, expect, it } from 'vitest';
import { TagCensus } from './tags.ts';

describe('TagCensus', () => {
  it('is only kept for a --group-by with tags', () => {
    expect(TagCensus.of(['model', 'day'])).toBeUndefined();
    expect(TagCensus.of(['model', 'tag:team'])).toBeInstanceOf(TagCensus);
  });

  it('warns for a tag no request carries, and merges what another thread saw', () => {
    const here = TagCensus.of(['tag:team', 'tag:user']) as TagCensus;
    const there = TagCensus.of(['tag:team', 'tag:user']) as TagCensus;
    here.add({ project: 'a' });
    here.add(undefined);
    there.add({ teams: 'x', user: 'u1' });
    expect(here.warnings(2)).toHaveLength(2);
    here.absorb(there.toWire());
    expect(here.warnings(3)).toEqual([
      '--group-by tag:team: no request carries the tag "team", so every one is grouped under (none); did you mean tag:teams? (the tags these logs carry: project, teams, user)',
    ]);
  });

  it('says nothing when no request was grouped, and bounds the names it lists', () => {
    const census = TagCensus.of(['tag:team']) as TagCensus;
    expect(census.warnings(0)).toEqual([]);
    for (let i = 0; i < 80; i++) census.add({ [`user${String(i).padStart(2, '0')}`]: 'x' });
    const [warning] = census.warnings(80);
    expect(warning).toMatch(/user00, .*user49, …\)$/);
    expect(warning).not.toMatch(/user50/);
  });
});
