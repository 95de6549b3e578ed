// Where a coding agent keeps its usage on a machine: the data each agent folder declares
// (agents/<agent>/source.ts), read by discover.ts. Data, not code: adding an agent's location is
// adding a declaration, and the rules (env first, then defaults; every default that exists) are one.

export interface AgentSource {
  /** The name --source takes ("claude", "codex", …). */
  readonly id: string;
  /** The agent's own name, as reports show it. */
  readonly name: string;
  /**
   * The environment variable that names the agent's data folder. When it is set, only the folders
   * it names are searched (as the agent itself does), never the defaults.
   */
  readonly env?: string;
  /** The variable holds a comma-separated list of folders (Claude Code's CLAUDE_CONFIG_DIR). */
  readonly envList?: boolean;
  /**
   * The variable names one log FILE, read besides the default folders rather than instead of them
   * (Copilot CLI's COPILOT_OTEL_FILE_EXPORTER_PATH: the file the agent exports to, anywhere). It is
   * read when it is a file; a folder or a missing path is only listed as looked in.
   */
  readonly envNamesFile?: boolean;
  /**
   * The data folders where the agent keeps them by default, in order: `~` is the home folder,
   * `${NAME:-fallback}` an environment variable with its fallback (XDG folders). Every one that
   * holds logs is read (an agent that moved its folder leaves history in the old one).
   */
  readonly defaults: readonly string[];
  /**
   * Inside a data folder, the files or folders holding the logs (["projects"]), read if present;
   * empty: the data folder itself. A folder named by the variable may also be one of these
   * (CLAUDE_CONFIG_DIR=~/.claude/projects).
   */
  readonly logs: readonly string[];
  /** Files directly in a data folder whose name matches are read too (OpenCode's opencode-<channel>.db), in name order. */
  readonly logPattern?: RegExp;
  /** When no entry of `logs` exists in a data folder, read the folder itself (Codex's CODEX_HOME of bare rollouts). */
  readonly folderIfNoLogs?: boolean;
  /**
   * The agent's log files inside a log folder, by their path in it: `*` is any characters but "/",
   * `**` + "/" any folders (none included). Absent: every file with a log extension (.jsonl, .json,
   * .csv, .gz). Only files of these names are read where the agent keeps other files beside its
   * logs (Droid's transcripts beside its settings, Gemini CLI's logs.json beside its chats).
   */
  readonly files?: readonly string[];
  /** The formats (FORMAT_NAMES) its files are read as: for the docs and the report. */
  readonly formats: readonly string[];
}
