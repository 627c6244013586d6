import { EXIT, type Io } from '../command.js';
import { expandArgs } from '../expand-args.js';

export async function run(args: string[], io: Io): Promise<number> {
  const { out } = await expandArgs(args, io);
  io.stderr(`valid: ${out.plans.length} ProjectContext(s), ${out.resources.length} resources rendered\n`);
  return EXIT.ok;
}
