// The time limits of `hook emit` runs in tests, shared by the stand-in tests (hook-emit.test.ts)
// and the real-server ones (e2e/hook-scenario.ts).

import { hookFlags } from '../../functions/core/hook/run.js';

/**
 * The --timeout of scenarios that are not about the time budget. The budget counts from the
 * process start, and on a loaded machine start-up alone can take seconds: with the Job's 10s
 * the reads or the export of any scenario could be cut short, and what a test saw would depend
 * on the machine. Deadlines are tested where they are the point: with the clock under the test's
 * control, and end to end with a hang that only a deadline can end.
 */
export const UNHURRIED = ['--timeout', '2m'];

/**
 * How long past its --timeout a run may go on before the test calls it hung: a bound any loaded
 * machine meets, which still tells a deadline that works from one that does not (a hang lasts
 * for ever). How close to --timeout a run ends is measured by `npm run bench`.
 */
export const HANG_SLACK_MS = 60_000;

/** The kill limit of a run with these arguments: its last --timeout, as the CLI reads it (the CLI's default without one), plus HANG_SLACK_MS. */
export function hangLimitMs(args: readonly string[]): number {
  const i = args.lastIndexOf('--timeout');
  const flags = hookFlags(i < 0 ? {} : { timeout: args[i + 1] ?? '' });
  if ('problem' in flags) throw new Error(flags.problem);
  return flags.timeoutMs + HANG_SLACK_MS;
}
