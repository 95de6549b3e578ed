import type { GroupDimension } from '../core/aggregate.ts';
import type { ScenarioSpec } from '../core/scenario.ts';
import type { ServiceTier } from '../core/types.ts';
import type { FormatName, IngestOptions } from '../ingest/index.ts';
import type { FileFilter } from '../ingest/read/sources.ts';
import type { Catalogue } from '../pricing/catalog.ts';
import type { ConversionRequest } from '../report/convert.ts';
import type { TargetTokensMode } from './target-tokens.ts';
import type { RowListener } from './outcome.ts';
import type { RankingRequest } from '../report/ranking.ts';

export interface AuditOptions {
  paths: string[];
  /** Folders (as in `paths`) whose files are chosen by an agent's file names instead of the log extensions. */
  accept?: ReadonlyMap<string, FileFilter>;
  catalogue: Catalogue;
  /**
   * Where the catalogue came from, so that a worker thread can load the same one (checked by hash).
   * Without it the run stays on one thread.
   */
  pricingSource?: { dirs: string[]; overrides: string[] };
  groupBy: GroupDimension[];
  /** Target model ids for the what-if, already expanded from "all". */
  compare: string[];
  /**
   * Whether each group gets the --compare targets too (default true). Off for --compare all: a
   * hundred targets in every one of thousands of groups is neither readable nor small.
   */
  groupCompare?: boolean;
  /** --swap/--scenario: only the traffic their rules match is repriced; the rest keeps its actual cost. */
  scenarios?: ScenarioSpec[];
  /** The what-if's token counts: as each target counts them (default), or the logged ones carried over. */
  targetTokens?: TargetTokensMode;
  /** Reprice everything with the tables in force at this instant (epoch ms). */
  asOf?: { at: number; text: string };
  /** Keep only requests in [since, until); others are counted as skipped. */
  since?: { at: number; text: string };
  until?: { at: number; text: string };
  /** IANA zone for day, week and month groups; UTC by default. */
  timeZone?: string;
  /** First day of a week for `week` groups: 0 = Sunday … 6 = Saturday; Monday (1) by default. */
  weekStart?: number;
  /** --project: keep only the requests of this project (ingest/agents/claude-code/project.ts projectMatches); others are counted as skipped. */
  project?: string;
  /** --breakdown: each group's requests by model too (report groups[].breakdown). */
  breakdown?: boolean;
  /** The instant blocks are judged active at (the CLI's clock, or --now); blocks need it. */
  now?: number;
  /** --token-limit: tokens per 5-hour block, or the largest completed block's. */
  tokenLimit?: number | 'max';
  region?: string;
  /** The service tier of requests whose log does not say (--service-tier). */
  serviceTier?: ServiceTier;
  /** --currency: convert costs for display with these FX rates. */
  conversion?: ConversionRequest;
  /** How to rank the what-if targets (one currency, --compare all's current models). */
  ranking?: RankingRequest;
  inputFormat?: FormatName;
  /** --map: a custom shape's field paths. */
  map?: Record<string, string>;
  /** --default-model: for records whose log names no model. */
  defaultModel?: string;
  defaultTime?: number;
  stdin?: NodeJS.ReadableStream;
  /** How many problems the report lists (all are counted). */
  problemLimit: number;
  /** Record each input's sha256 in the report (a second read of every file; see audit/inputs.ts). */
  hashInputs?: boolean;
  /** The persistent cache's folder (src/cache/); undefined = no cache (--no-cache). */
  cacheDir?: string;
  /** Threads to use (main included); 1 = never spawn a worker. Default: 2 when the input is large. */
  threads?: number;
  /** Told how far the run is, as input is read (often: per chunk or small file; throttle it). */
  onProgress?: (progress: AuditProgress) => void;
  /**
   * Told every row's outcome as it is read, in input order (the usage ledger). A run with a
   * listener is read on one thread: rows then come in the order the files and lines are read,
   * whatever --threads says, and nothing has to be held to put them back in order.
   */
  onRow?: RowListener;
}

export interface AuditProgress {
  /** Input bytes read so far (as stored: compressed for .gz), by every thread. */
  readonly bytes: number;
  /** All input bytes; undefined when reading stdin. */
  readonly bytesTotal: number | undefined;
  /** Rows (lines, CSV rows) done so far. */
  readonly rows: number;
}

/** The options a worker thread needs: plain data only (no catalogue, no stream, no callback). */
export type WorkerOptions = Omit<AuditOptions, 'catalogue' | 'stdin' | 'paths' | 'accept' | 'conversion' | 'onProgress' | 'ranking' | 'onRow'> & { trackMonths: boolean };

/** The ingest options of a run; `onRead` is told every piece of input read. */
export function ingestOptions(options: WorkerOptions, onRead: (bytes: number) => void, stdin?: NodeJS.ReadableStream): IngestOptions {
  const { inputFormat, map, defaultModel, defaultTime, cacheDir } = options;
  return { inputFormat, map, defaultModel, defaultTime, stdin, onRead, ...(cacheDir !== undefined && { cache: { dir: cacheDir } }) };
}
