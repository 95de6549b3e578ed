// `llm-audit sql` in DuckDB and PostgreSQL on a generated 50,000-request log over 2024–2026 with
// tiers, windows, cached, batch and audio requests (issue 16's done-when; suite.ts).
import { expect } from 'vitest';
import { engineSuite } from './suite.ts';

engineSuite([
  {
    name: 'a generated 50,000-request log over 2024–2026',
    logs: [],
    groupBy: 'model,month',
    shipped: true,
    compare: 'gpt-4o-mini,qwen3-max,deepseek-v4-flash',
    needs: (rows) => {
      const total = rows.filter((r) => r.section === 'total');
      expect(new Set(total.map((r) => r.currency))).toEqual(new Set(['USD']));
      expect(Number(rows.find((r) => r.section === 'unpriced_total')?.requests)).toBeGreaterThan(1000);
      const whatIf = rows.filter((r) => r.section === 'whatif');
      expect(whatIf.some((r) => Number(r.does_not_fit_requests) > 0)).toBe(true);
      expect(whatIf.some((r) => Number(r.not_priced_requests) > 0)).toBe(true);
    },
  },
]);
