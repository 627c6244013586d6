// How `hook emit` spends its --timeout (DESIGN §7: "a bounded total time"). Our own choices, not
// from an outside source: the cluster reads get half, since a slow API server is the usual
// problem and every task needs its read; the export then gets until 80%, which leaves the status
// patch (one small request) the rest; a margin at the end lets the process log and exit before
// the bound.

export const HOOK_TUNING = {
  /** Reads of the planned artifacts end at this share of --timeout. */
  readShare: 0.5,
  /** The export ends at this share of --timeout; the status patch follows it. */
  exportShare: 0.8,
  /** Kept free before --timeout for logging and exit: this share of it, at most marginMaxMs. */
  marginShare: 0.05,
  marginMaxMs: 250,
  /** Concurrent reads against the API server, below client-go's default burst (10). */
  readConcurrency: 8,
} as const;
