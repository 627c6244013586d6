// `contextcore hook emit`: the PostSync hook's entry point. Argument parsing only; the work is in
// plugins/hook. Like every command, a chunk of its own (commands/index.ts): its heavy dependencies
// (Kubernetes client, OpenTelemetry SDK) never slow down the other commands.
import { parseArgs } from 'node:util';
import { hookFlags } from '../../../functions/core/in-cluster.js';
import { emit } from '../../hook/emit.js';
import { UsageError, type Io } from '../command.js';

export function run(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'emit') throw new UsageError(sub ? `unknown hook command "${sub}" (expected emit)` : 'hook needs a command: emit');
  const { values } = parseArgs({
    args: rest,
    options: {
      plan: { type: 'string' },
      endpoint: { type: 'string' },
      'dry-run': { type: 'boolean' },
      strict: { type: 'boolean' },
      timeout: { type: 'string' },
      'implicit-namespace': { type: 'string' },
      'no-status': { type: 'boolean' },
    },
  });
  if (!values.plan) throw new UsageError('hook emit needs --plan FILE (the plan.json of the <context>-plan ConfigMap, or `contextcore plan --json` of one context)');
  const flags = hookFlags(values);
  if ('problem' in flags) throw new UsageError(flags.problem);
  return emit(
    {
      planPath: values.plan,
      ...(values.endpoint !== undefined ? { endpoint: values.endpoint } : {}),
      dryRun: values['dry-run'] ?? false,
      strict: values.strict ?? false,
      timeoutMs: flags.timeoutMs,
      ...(values['implicit-namespace'] !== undefined ? { implicitNamespace: values['implicit-namespace'] } : {}),
      writeStatus: !values['no-status'],
    },
    io,
  );
}
