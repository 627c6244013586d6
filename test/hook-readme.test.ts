// The README's TraceQL queries for the hook's traces parse, and only name attributes the hook
// emits (conventions), so copying them into Grafana finds something.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parser } from '@grafana/lezer-traceql';
import { HOOK_RESOURCE_ATTR, HOOK_SPAN_ATTR, SPAN_ATTR } from '../functions/core/conventions.js';
import { ROOT } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## PostSync hook'), readme.indexOf('\n## ', readme.indexOf('## PostSync hook') + 1));
const queries = [...section.matchAll(/```traceql\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
const spanAttributes = new Set<string>([...Object.values(SPAN_ATTR), ...Object.values(HOOK_SPAN_ATTR)]);
const resourceAttributes = new Set<string>(Object.values(HOOK_RESOURCE_ATTR));

describe('README TraceQL queries for the hook', () => {
  it('there are some', () => {
    assert.ok(queries.length >= 3, section.slice(0, 200));
  });
  for (const q of queries) {
    it(`parses and names emitted attributes: ${q}`, () => {
      let error = false;
      parser.parse(q).iterate({ enter: (n) => void (n.type.isError && (error = true)) });
      assert.ok(!error, 'TraceQL syntax error');
      for (const [, scope, name] of q.matchAll(/\b(span|resource)\.([a-z0-9_.]+)/g)) {
        assert.ok((scope === 'span' ? spanAttributes : resourceAttributes).has(name!), `${scope}.${name} is not an attribute the hook emits`);
      }
    });
  }
});
