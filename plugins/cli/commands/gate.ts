// `contextcore gate`: the error-budget gate's entry point (an Argo CD PreSync hook). Argument
// parsing only; the work is in plugins/gate. A chunk of its own, like every command.
import { parseArgs } from 'node:util';
import { gateFlags } from '../../../functions/core/in-cluster.js';
import { runGate } from '../../gate/run.js';
import { UsageError, type Io } from '../command.js';

export function run(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      plan: { type: 'string' },
      prometheus: { type: 'string' },
      'bearer-token-file': { type: 'string' },
      'ca-file': { type: 'string' },
      timeout: { type: 'string' },
      format: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'no-status': { type: 'boolean' },
      endpoint: { type: 'string' },
      'implicit-namespace': { type: 'string' },
    },
  });
  if (!values.plan) throw new UsageError('gate needs --plan FILE (the plan.json of the <context>-gate ConfigMap, or `contextcore plan --json` of one context rendered with gate.enabled)');
  const flags = gateFlags(values);
  if ('problem' in flags) throw new UsageError(flags.problem);
  return runGate(
    {
      planPath: values.plan,
      ...(values.prometheus !== undefined ? { prometheus: values.prometheus } : {}),
      ...(values['bearer-token-file'] !== undefined ? { bearerTokenFile: values['bearer-token-file'] } : {}),
      ...(values['ca-file'] !== undefined ? { caFile: values['ca-file'] } : {}),
      timeoutMs: flags.timeoutMs,
      format: flags.format,
      dryRun: values['dry-run'] ?? false,
      writeStatus: !values['no-status'],
      ...(values.endpoint !== undefined ? { endpoint: values.endpoint } : {}),
      ...(values['implicit-namespace'] !== undefined ? { implicitNamespace: values['implicit-namespace'] } : {}),
    },
    io,
  );
}
