// Every CLI command, in usage order. A new command is a module in this folder and a line here.
import type { Command } from '../command.js';
import { argocd } from './argocd.js';
import { diff } from './diff.js';
import { fn } from './fn.js';
import { hook } from './hook.js';
import { kustomize } from './kustomize.js';
import { plan } from './plan.js';
import { render } from './render.js';
import { validate } from './validate.js';

export const COMMANDS: readonly Command[] = [render, validate, plan, diff, fn, kustomize, argocd, hook];
