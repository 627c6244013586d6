import { EXIT, expandArgs, type Io } from '../command.js';

export async function run(args: string[], io: Io): Promise<number> {
  const { out } = await expandArgs(args, io);
  io.stderr(`valid: ${out.plans.length} ProjectContext(s), ${out.resources.length} resources rendered\n`);
  return EXIT.ok;
}
