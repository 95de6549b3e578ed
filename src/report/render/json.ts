import type { Report } from '../contract.ts';

/** The report contract as is: nothing added, nothing computed. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
