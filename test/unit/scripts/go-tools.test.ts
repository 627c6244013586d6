import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { GO_TOOLS, goToolPath } from '../../../scripts/go-tools.mjs';
import { ROOT } from '../../helpers.js';

describe('the pinned Go tools', () => {
  for (const [name, tool] of Object.entries(GO_TOOLS)) {
    it(`${name} is pinned to an exact release version`, () => assert.match(tool.version, /^v\d+\.\d+\.\d+$/));
    if (tool.module) {
      it(`${name}'s Go module requires exactly the pinned version and declares its packages as tools`, () => {
        const gomod = readFileSync(join(ROOT, tool.module!, 'go.mod'), 'utf8');
        const modulePath = tool.packages[0]!.split('/cmd/')[0]!;
        assert.match(gomod, new RegExp(`^\\s*${modulePath.replaceAll('.', '\\.')} ${tool.version.replaceAll('.', '\\.')}\\b`, 'm'));
        for (const p of tool.packages) assert.match(gomod, new RegExp(`^tool ${p.replaceAll('.', '\\.')}$`, 'm'));
        assert.ok(readFileSync(join(ROOT, tool.module!, 'go.sum'), 'utf8').includes(`${modulePath} ${tool.version} h1:`), 'go.sum pins its checksum');
      });
    }
  }
  it('a tool that has not been built has no path', () => assert.equal(goToolPath('helm', 'helm', join(ROOT, 'no-such-tools-dir')), undefined));
});
