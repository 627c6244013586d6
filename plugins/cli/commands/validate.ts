import { EXIT, expandArgs, type Command } from '../command.js';

export const validate: Command = {
  name: 'validate',
  usage: ['validate <paths...|-> [--config FILE]        check ProjectContexts and configuration'],
  run(args, io) {
    const { out } = expandArgs(args, io);
    io.stderr(`valid: ${out.plans.length} ProjectContext(s), ${out.resources.length} resources rendered\n`);
    return EXIT.ok;
  },
};
