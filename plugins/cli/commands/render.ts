import { yamlStream } from '../../../functions/core/index.js';
import { EXIT, type Io } from '../command.js';
import { expandArgs } from '../expand-args.js';

export async function run(args: string[], io: Io): Promise<number> {
  const { out } = await expandArgs(args, io);
  io.stdout(yamlStream(out.resources));
  return EXIT.ok;
}
