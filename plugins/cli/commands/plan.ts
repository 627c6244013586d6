import { plansText } from '../../../functions/core/index.js';
import { EXIT, type Io } from '../command.js';
import { expandArgs } from '../expand-args.js';

export async function run(args: string[], io: Io): Promise<number> {
  const { out, values } = await expandArgs(args, io, { json: { type: 'boolean' } });
  io.stdout(values.json ? `${JSON.stringify(out.plans, null, 2)}\n` : plansText(out.plans));
  return EXIT.ok;
}
