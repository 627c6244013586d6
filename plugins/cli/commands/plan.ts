import { plansText } from '../../../functions/core/index.js';
import { EXIT, expandArgs, type Command } from '../command.js';

export const plan: Command = {
  name: 'plan',
  usage: ['plan <paths...|-> [--config FILE] [--json]   epic → story → task plan per context'],
  run(args, io) {
    const { out, values } = expandArgs(args, io, { json: { type: 'boolean' } });
    io.stdout(values.json ? `${JSON.stringify(out.plans, null, 2)}\n` : plansText(out.plans));
    return EXIT.ok;
  },
};
