import { yamlStream } from '../../../functions/core/index.js';
import { EXIT, expandArgs, type Command } from '../command.js';

export const render: Command = {
  name: 'render',
  usage: ['render <paths...|-> [--config FILE]          YAML stream of the input plus generated resources'],
  run(args, io) {
    const { out } = expandArgs(args, io);
    io.stdout(yamlStream(out.resources));
    return EXIT.ok;
  },
};
