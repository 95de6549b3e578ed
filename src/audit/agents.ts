// What `llm-audit agents` found: every agent looked for, where, and what was read, in the report
// (report.agents), and each input marked with its agent. Paths under the home folder are shown
// with `~`, so a report does not carry the user's name.
import { displayPath, type AgentSearch, type Env } from '../ingest/agents/discover.ts';
import type { Report } from '../report/contract.ts';

export function describeAgents(report: Report, searches: readonly AgentSearch[], env: Env): void {
  const agentOf = new Map<string, string>();
  for (const a of searches) for (const p of a.paths) agentOf.set(p, a.source.id);
  const inputs = report.inputs ?? [];
  const filesOf = new Map(inputs.map((i) => [i.path, i.files]));
  report.agents = searches.map((a) => ({
    source: a.source.id,
    name: a.source.name,
    found: a.paths.length > 0,
    env: a.envUsed ?? null,
    searched: a.searched.map((p) => displayPath(p, env)),
    paths: a.paths.map((p) => displayPath(p, env)),
    files: a.paths.reduce((n, p) => n + (filesOf.get(p) ?? 0), 0),
  }));
  for (const input of inputs) {
    const agent = agentOf.get(input.path);
    if (agent === undefined) continue;
    input.agent = agent;
    input.path = displayPath(input.path, env);
  }
}
