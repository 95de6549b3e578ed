import { describe, expect, it } from 'vitest';
import { collectScenarios, parseScenario, parseSwapRules, patternRegex, ScenarioMatcher, SWAP_SCENARIO } from './scenario.ts';

describe('swap rules', () => {
  it('parse PATTERN=TARGET pairs in order, spaces trimmed', () => {
    expect(parseSwapRules('--swap', ' claude-sonnet-4-5*=gpt-5 , deepseek-reasoner=qwen3-max,')).toEqual([
      { pattern: 'claude-sonnet-4-5*', target: 'gpt-5' },
      { pattern: 'deepseek-reasoner', target: 'qwen3-max' },
    ]);
  });

  it.each([
    ['', /no swap rule/],
    ['gpt-5', /"gpt-5" is not PATTERN=TARGET/],
    ['=gpt-5', /the pattern "" must be a model id/],
    ['gpt-4o=', /the target "" must be one model id/],
    ['gpt-4o=gpt-5*', /the target "gpt-5\*" must be one model id/],
    ['gpt 4o=gpt-5', /the pattern "gpt 4o"/],
    ['a=b=c', /the target "b=c"/],
    ['gpt-4o=gpt-5,gpt-4o=qwen3-max', /"gpt-4o" is given twice/],
  ])('refuse %j with a message naming the option', (text, message) => {
    expect(() => parseSwapRules('--swap', text)).toThrow(message);
    expect(() => parseSwapRules('--swap', text)).toThrow(/^--swap/);
  });

  it('--scenario NAME=RULES; names unique, --swap is "swap"', () => {
    expect(parseScenario('--scenario', 'cheap=claude*=gpt-5,o3*=qwen3-max')).toEqual({ name: 'cheap', rules: [{ pattern: 'claude*', target: 'gpt-5' }, { pattern: 'o3*', target: 'qwen3-max' }] });
    expect(() => parseScenario('--scenario', 'claude*')).toThrow(/is not NAME=SWAPS/);
    expect(() => parseScenario('--scenario', 'bad name=a=b')).toThrow(/is not NAME=SWAPS/);
    expect(() => parseScenario('--scenario', 'x=gpt-4o')).toThrow(/--scenario x: "gpt-4o" is not PATTERN=TARGET/);
    const a = parseScenario('--scenario', 'a=x=y');
    expect(collectScenarios([{ pattern: 'p', target: 't' }], [a]).map((s) => s.name)).toEqual([SWAP_SCENARIO, 'a']);
    expect(() => collectScenarios(undefined, [a, a])).toThrow(/two scenarios are named "a"/);
    expect(() => collectScenarios([{ pattern: 'p', target: 't' }], [parseScenario('--scenario', 'swap=x=y')])).toThrow(/--swap is the scenario named "swap"/);
  });
});

describe('matching', () => {
  it('* is any run of characters; everything else is literal and anchored', () => {
    const re = patternRegex('claude-sonnet-4-5*');
    expect(re.test('claude-sonnet-4-5')).toBe(true);
    expect(re.test('claude-sonnet-4-5-20250929')).toBe(true);
    expect(re.test('us.claude-sonnet-4-5')).toBe(false);
    expect(patternRegex('gpt-4.1').test('gpt-4x1')).toBe(false);
    expect(patternRegex('*/gpt-4o').test('openrouter/openai/gpt-4o')).toBe(true);
    expect(patternRegex('a+b').test('aab')).toBe(false);
  });

  it('first matching rule wins, on the logged id or the resolved one', () => {
    const m = new ScenarioMatcher({ name: 's', rules: [{ pattern: 'claude-sonnet-4-5-2025*', target: 'a' }, { pattern: 'claude-*', target: 'b' }, { pattern: 'deepseek-chat', target: 'c' }] });
    expect(m.match('claude-sonnet-4-5-20250929', 'claude-sonnet-4-5-20250929')).toBe(0);
    // The alias as logged matches rule 1; its resolved id matches rule 0, which comes first.
    expect(m.match('claude-sonnet-4-5', 'claude-sonnet-4-5-20250929')).toBe(0);
    expect(m.match('claude-haiku-4-5', 'claude-haiku-4-5-20251001')).toBe(1);
    expect(m.match('deepseek/deepseek-chat', 'deepseek-chat')).toBe(2);
    expect(m.match('gpt-5', 'gpt-5')).toBe(-1);
    // Cached answers are the same.
    expect(m.match('claude-sonnet-4-5', 'claude-sonnet-4-5-20250929')).toBe(0);
  });
});
