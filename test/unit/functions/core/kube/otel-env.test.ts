import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatResourceAttributes, parseResourceAttributes, percentEncode } from '../../../../../functions/core/kube/otel-env.js';

describe('OTEL_RESOURCE_ATTRIBUTES encoding', () => {
  const cases: Array<[string, string, string]> = [
    ['plain identifiers stay as they are', 'commerce-platform', 'commerce-platform'],
    ['URLs stay readable (":" and "/" are baggage octets)', 'https://docs.example.com/a?b', 'https://docs.example.com/a?b'],
    ['a comma, which separates pairs, is encoded', 'a,b', 'a%2Cb'],
    ['an equals sign, which separates keys from values, is encoded', 'a=b', 'a%3Db'],
    ['a percent sign, the escape character, is encoded', '100%', '100%25'],
    ['spaces, quotes, semicolons and backslashes are encoded', 'a "b";\\', 'a%20%22b%22%3B%5C'],
    ['non-ASCII text is encoded as UTF-8 bytes', 'Zürich', 'Z%C3%BCrich'],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(percentEncode(input), expected));

  it('existing pairs are kept exactly as written', () => {
    const value = 'service.name=checkout, team=a%2Cb,broken';
    const pairs = parseResourceAttributes(value);
    assert.deepEqual(pairs.map((p) => p.key), ['service.name', 'team', 'broken']);
    assert.equal(formatResourceAttributes(pairs), value);
  });
});
