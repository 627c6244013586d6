import { EXIT, expandArgs, type Io } from '../command.js';

export function run(args: string[], io: Io): number {
  const { out } = expandArgs(args, io);
  io.stderr(`valid: ${out.plans.length} ProjectContext(s), ${out.resources.length} resources rendered\n`);
  return EXIT.ok;
}
