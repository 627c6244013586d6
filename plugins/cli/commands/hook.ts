// `contextcore hook emit`: the PostSync hook's entry point. Argument parsing only; the work is in
// plugins/hook, a chunk of its own imported on demand, so that its heavy dependencies
// (Kubernetes client, OpenTelemetry SDK) never slow down the other commands.
import { parseArgs } from 'node:util';
import { hookFlags } from '../../../functions/core/hook-run.js';
import { UsageError, type Command } from '../command.js';

export const hook: Command = {
  name: 'hook',
  usage: ['hook emit --plan FILE [--endpoint URL] [--timeout DURATION] [--dry-run] [--strict] [--implicit-namespace NS] [--no-status]   PostSync hook: verify the plan, record it, emit it as a trace'],
  async run(args, io) {
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
    const { emit } = await import('../../hook/emit.js');
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
  },
};
