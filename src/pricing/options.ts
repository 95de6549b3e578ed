// Parsers for the pricing options of the command line (--service-tier, --currency). Each turns a
// string into a typed value or throws a UsageError that names the option and shows a valid value.
import { SERVICE_TIERS, type ServiceTier } from '../core/types.ts';
import { UsageError } from '../errors.ts';

/** --service-tier standard|batch|flex|priority: the tier of requests whose log does not say. */
export function parseServiceTier(option: string, text: string): ServiceTier {
  const value = text.trim().toLowerCase();
  const found = SERVICE_TIERS.find((tier) => tier === value);
  if (!found) throw new UsageError(`${option}: "${text}" is not a service tier; use one of ${SERVICE_TIERS.join(', ')} (for example ${option} batch)`);
  return found;
}

/** --currency USD: an ISO 4217 code, upper-cased ("cny" → "CNY"). */
export function parseCurrency(option: string, text: string): string {
  const value = text.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(value)) throw new UsageError(`${option}: "${text}" is not a currency code; use an ISO 4217 code such as USD or CNY`);
  return value;
}
