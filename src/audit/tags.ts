// Which tags the logs carry, for `--group-by tag:NAME`. A misspelt tag (`tag:teem`) puts every
// request under "(none)", which looks like a report of untagged traffic: the run says instead that
// no request carries that tag, and which tags the logs do carry.
import { nearest } from '../pricing/suggest.ts';

/** Tag names remembered for the message: enough to show what exists, bounded on logs with a tag per user. */
const MAX_NAMES = 50;

export interface TagCensusWire {
  carried: [string, number][];
  seen: string[];
}

export class TagCensus {
  /** Per tag asked for: the requests (rows) that carry it. */
  readonly #carried = new Map<string, number>();
  readonly #seen = new Set<string>();

  constructor(wanted: readonly string[]) {
    for (const name of wanted) this.#carried.set(name, 0);
  }

  /** The tag names of a --group-by, or undefined when it has none (nothing to watch). */
  static of(groupBy: readonly string[]): TagCensus | undefined {
    const names = groupBy.filter((d) => d.startsWith('tag:')).map((d) => d.slice('tag:'.length));
    return names.length > 0 ? new TagCensus(names) : undefined;
  }

  add(tags: Readonly<Record<string, string>> | undefined): void {
    if (tags === undefined) return;
    for (const [name, count] of this.#carried) if (tags[name] !== undefined) this.#carried.set(name, count + 1);
    if (this.#seen.size < MAX_NAMES) for (const name in tags) if (this.#seen.size < MAX_NAMES) this.#seen.add(name);
  }

  toWire(): TagCensusWire {
    return { carried: [...this.#carried], seen: [...this.#seen] };
  }

  absorb(wire: TagCensusWire): void {
    for (const [name, count] of wire.carried) this.#carried.set(name, (this.#carried.get(name) ?? 0) + count);
    for (const name of wire.seen) if (this.#seen.size < MAX_NAMES) this.#seen.add(name);
  }

  /** One sentence per tag asked for that no request carries, once any request was grouped. */
  warnings(requestsGrouped: number): string[] {
    if (requestsGrouped === 0) return [];
    const seen = [...this.#seen].sort();
    const out: string[] = [];
    for (const [name, count] of this.#carried) {
      if (count > 0) continue;
      // `team` for `metadata.team` (a Responses metadata entry): the same name under a prefix, else the nearest spelling.
      const near = seen.find((n) => n.endsWith(`.${name}`)) ?? nearest(name, [], seen, 1)[0];
      const listed = seen.length === 0 ? 'these logs carry no tags' : `the tags these logs carry: ${seen.join(', ')}${seen.length >= MAX_NAMES ? ', …' : ''}`;
      out.push(`--group-by tag:${name}: no request carries the tag "${name}", so every one is grouped under (none)${near ? `; did you mean tag:${near}?` : ''} (${listed})`);
    }
    return out;
  }
}
