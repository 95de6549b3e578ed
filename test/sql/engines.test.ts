// `llm-audit sql` in DuckDB and PostgreSQL on every log fixture, every real sample, the shipped
// catalogue's flagships and the features the query prices (suite.ts). The generated 50,000-request
// log has a file of its own (engines-generated.test.ts), so the two run side by side.
import { engineSuite } from './suite.ts';

engineSuite([
  { name: 'every log fixture', logs: ['fixtures/logs'], groupBy: 'model', compare: 'gpt-4o,gpt-5' },
  { name: 'every real sample', logs: ['fixtures/samples'], groupBy: 'provider,day' },
  { name: 'qwen3-max size tiers', logs: ['fixtures/cli/qwen3-max.jsonl'], groupBy: 'model,month', compare: 'qwen3-max' },
  { name: 'DeepSeek off-peak windows and cut-overs', logs: ['fixtures/cli/deepseek-offpeak.jsonl', 'fixtures/cli/deepseek-cut.jsonl'], groupBy: 'day', compare: 'deepseek-chat,gpt-4o' },
  { name: 'the shipped catalogue on 2026 flagships', logs: ['fixtures/logs/flagships-2026-11-30'], groupBy: 'model', shipped: true, compare: 'gpt-5,claude-sonnet-4-5' },
  {
    name: 'a Claude Code tree filtered by --since/--until, by project',
    logs: ['fixtures/cli/claude-tree'],
    readOnly: ['--default-model', 'claude-sonnet-4-5-20250929', '--since', '2026-01-05T10:00:30Z'],
    groupBy: 'project,model',
  },
  { name: 'the batch tier, by week', logs: ['fixtures/logs/quickstart.jsonl'], shared: ['--service-tier', 'batch'], groupBy: 'week', compare: 'gpt-5' },
  { name: 'the CNY book', logs: ['fixtures/logs/quickstart.jsonl', 'fixtures/cli/deepseek-offpeak.jsonl'], shared: ['--region', 'cn'], groupBy: 'model', compare: 'deepseek-chat' },
  { name: '--as-of', logs: ['fixtures/logs/quickstart.jsonl', 'fixtures/cli/deepseek-offpeak.jsonl'], shared: ['--as-of', '2025-06-01'], groupBy: 'model' },
  { name: 'tags', logs: ['fixtures/logs/generic-cost-tags.csv', 'fixtures/logs/text-teams.jsonl'], groupBy: 'tag:team,month', compare: 'gpt-4o' },
  { name: 'cached audio', logs: ['fixtures/cli/audio-cached.jsonl'], groupBy: 'model', shipped: true, compare: 'gpt-realtime,gpt-4o' },
]);
