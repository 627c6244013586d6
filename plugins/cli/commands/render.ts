import { yamlStream } from '../../../functions/core/index.js';
import { EXIT, expandArgs, type Io } from '../command.js';

export function run(args: string[], io: Io): number {
  const { out } = expandArgs(args, io);
  io.stdout(yamlStream(out.resources));
  return EXIT.ok;
}
