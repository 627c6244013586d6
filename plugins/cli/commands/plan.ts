import { plansText } from '../../../functions/core/index.js';
import { EXIT, expandArgs, type Io } from '../command.js';

export function run(args: string[], io: Io): number {
  const { out, values } = expandArgs(args, io, { json: { type: 'boolean' } });
  io.stdout(values.json ? `${JSON.stringify(out.plans, null, 2)}\n` : plansText(out.plans));
  return EXIT.ok;
}
