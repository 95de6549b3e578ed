#!/usr/bin/env bash
# The step of the GitHub Action (action.yml), runnable anywhere: its inputs come as INPUT_*
# variables, as in the action. test/cli/action.test.ts runs it locally.
#
# 1. Prices the logs into a JSON report (INPUT_REPORT): the artifact to upload, and on the main
#    branch the next baseline.
# 2. Applies the policies: against INPUT_BASELINE with `llm-audit diff` (the logs are read once),
#    or, without a baseline, the budgets on the logs themselves. Its Markdown goes next to the
#    report (REPORT.md), to stdout, and with INPUT_GITHUB=true to the job summary.
# Exits with llm-audit's code: 0 ok, 1 a policy failed, 2 could not run.
set -uo pipefail

root="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"
cli=(node "$root/bin/llm-audit.js")

# Space- or newline-separated lists (paths with spaces are not supported in these inputs).
read -ra logs <<<"$(tr '\n' ' ' <<<"${INPUT_LOGS:-}")"
read -ra pricing <<<"$(tr '\n' ' ' <<<"${INPUT_PRICING:-}")"
if [ "${#logs[@]}" -eq 0 ]; then
  echo "llm-audit action: the logs input is empty: name the log files or folders to read" >&2
  exit 2
fi

report="${INPUT_REPORT:-llm-cost-report.json}"
summary="${report%.json}.md"
common=(--no-progress)
for p in "${pricing[@]}"; do common+=(--pricing "$p"); done

policies=()
[ -n "${INPUT_MAX_INCREASE:-}" ] && policies+=(--max-increase "$INPUT_MAX_INCREASE")
[ -n "${INPUT_MAX_COST:-}" ] && policies+=(--max-cost "$INPUT_MAX_COST")
[ -n "${INPUT_MAX_COST_PER_REQUEST:-}" ] && policies+=(--max-cost-per-request "$INPUT_MAX_COST_PER_REQUEST")
[ -n "${INPUT_MAX_UNPRICED:-}" ] && policies+=(--max-unpriced "$INPUT_MAX_UNPRICED")
[ "${INPUT_PER_GROUP:-false}" = "true" ] && policies+=(--per-group)
[ "${INPUT_GITHUB:-true}" = "true" ] && policies+=(--github)

outputs() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    { echo "report=$report"; echo "summary=$summary"; echo "exit-code=$1"; } >>"$GITHUB_OUTPUT"
  fi
}

"${cli[@]}" "${logs[@]}" "${common[@]}" --group-by "${INPUT_GROUP_BY:-model}" --format json --out "$report"
code=$?
if [ "$code" -ne 0 ]; then
  outputs "$code"
  exit "$code"
fi

if [ -n "${INPUT_BASELINE:-}" ]; then
  "${cli[@]}" diff "$INPUT_BASELINE" "$report" "${policies[@]}" --format markdown --out "$summary"
else
  # Budgets only (no baseline to compare with): the logs are read again, for the report's Markdown and its verdict.
  "${cli[@]}" "${logs[@]}" "${common[@]}" --group-by "${INPUT_GROUP_BY:-model}" "${policies[@]}" --format markdown --out "$summary"
fi
code=$?
[ -f "$summary" ] && cat "$summary"
outputs "$code"
exit "$code"
