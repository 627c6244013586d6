// Every CLI command, in usage order. A new command is a module in this folder and a line here.
import type { Command } from '../command.js';
import { fn } from './fn.js';
import { hook } from './hook.js';
import { plan } from './plan.js';
import { render } from './render.js';
import { validate } from './validate.js';

export const COMMANDS: readonly Command[] = [render, validate, plan, fn, hook];
