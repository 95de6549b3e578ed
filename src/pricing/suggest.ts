// "Did you mean …?" for an id the catalogue does not know. Suggestions are only shown to people;
// they never price anything, so a loose match here cannot put a wrong price in a report.

/** Levenshtein distance (insert, delete, substitute = 1), two rows of memory. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The `n` known names nearest to `query`, closest first, ties by name, so the answer is the same on
 * every run. `forms` are other spellings of the query to try as well (the part after a routing
 * prefix such as "openrouter/"). Names further than about a third of the query's length are left out:
 * "mystery-model-9000" should get no suggestion rather than a random one.
 */
export function nearest(query: string, forms: readonly string[], names: Iterable<string>, n: number): string[] {
  const queries = [...new Set([query, ...forms].map((q) => q.toLowerCase()).filter((q) => q !== ''))];
  const scored: { name: string; distance: number }[] = [];
  for (const name of new Set(names)) {
    const lower = name.toLowerCase();
    let best = Infinity;
    for (const q of queries) {
      const limit = Math.max(2, Math.floor(q.length / 3));
      const d = editDistance(q, lower);
      if (d <= limit && d < best) best = d;
    }
    if (best !== Infinity && name !== query) scored.push({ name, distance: best });
  }
  scored.sort((a, b) => a.distance - b.distance || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return scored.slice(0, Math.max(0, n)).map((s) => s.name);
}
