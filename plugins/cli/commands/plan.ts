import { plansText } from '../../../functions/core/index.js';
import { EXIT, expandArgs, type Io } from '../command.js';

export async function run(args: string[], io: Io): Promise<number> {
  const { out, values } = await expandArgs(args, io, { json: { type: 'boolean' } });
  io.stdout(values.json ? `${JSON.stringify(out.plans, null, 2)}\n` : plansText(out.plans));
  return EXIT.ok;
}
