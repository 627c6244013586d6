// The pinned Go tools of the tests (scripts/go-tools.mjs): where each binary is, and the loud
// skip line of a suite that needs one that has not been built.

import { GO_TOOLS, goToolPath } from '../../scripts/go-tools.mjs';

export interface GoTool {
  /** The binary's path, or undefined when it has not been built. */
  path: string | undefined;
  /** False when the binary is there, else the reason a suite skips (announced loudly once). */
  skip: string | false;
  version: string;
}

const announced = new Set<string>();

/** A built binary of a pinned tool (`bin` defaults to the tool's name). */
export function goTool(name: keyof typeof GO_TOOLS, bin: string = name): GoTool {
  const tool = GO_TOOLS[name];
  const path = goToolPath(name, bin);
  if (path) return { path, skip: false, version: tool.version };
  const reason = `${bin} (${name} ${tool.version}) not built: ${tool.why}; build it with \`node scripts/go-tools.mjs install ${name}\` (needs Go; .ci/run does)`;
  if (!announced.has(reason)) {
    announced.add(reason);
    console.error(`\n*** SKIPPING ${reason} ***\n`);
  }
  return { path: undefined, skip: reason, version: tool.version };
}
