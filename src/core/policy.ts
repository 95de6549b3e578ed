// Cost policies for the CI gate: parsed from flags into values, checked against a comparison.
// A failed policy is a result (exit 1), not an error.
import { tryParseDecimal, type Decimal } from './money.ts';

/** `10%` (relative) or `5USD` / `5 USD` (absolute, in one currency). */
export type Limit = { kind: 'percent'; value: Decimal; text: string } | { kind: 'amount'; value: Decimal; currency: string; text: string };

export interface Policies {
  maxIncrease: Limit[];
  /** Budgets on the current cost. */
  maxCost: Extract<Limit, { kind: 'amount' }>[];
  maxCostPerRequest: Extract<Limit, { kind: 'amount' }>[];
  perGroup: boolean;
}

export const NO_POLICIES: Policies = { maxIncrease: [], maxCost: [], maxCostPerRequest: [], perGroup: false };

const LIMIT = /^(\d+(?:\.\d+)?)\s*(%|[A-Za-z]{3})$/;

/** Parses one limit; returns an error message (what, and a valid example) instead of throwing. */
export function parseLimit(text: string, allowPercent: boolean): Limit | string {
  const match = LIMIT.exec(text.trim());
  const value = match?.[1] === undefined ? undefined : tryParseDecimal(match[1]);
  const unit = match?.[2];
  if (!value || !unit) {
    return `"${text}" is not a limit; write ${allowPercent ? 'a percentage such as 10% or ' : ''}an amount with its currency such as 5USD`;
  }
  if (unit === '%') {
    if (!allowPercent) return `"${text}": a percentage makes no sense here; write an amount with its currency such as 100USD`;
    return { kind: 'percent', value, text: `${match?.[1]}%` };
  }
  const currency = unit.toUpperCase();
  return { kind: 'amount', value, currency, text: `${match?.[1]} ${currency}` };
}
