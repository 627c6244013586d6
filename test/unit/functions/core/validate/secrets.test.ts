import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findSecrets, secretIn } from '../../../../../functions/core/validate/secrets.js';

describe('secret detection', () => {
  const secrets: Array<[string, string, RegExp]> = [
    ['a password in a URL', 'https://user:pw@host.example.com/x', /user and password/],
    ['a user name in a URL', 'https://token@host.example.com', /user name/],
    ['a token query parameter', 'https://host.example.com/x?access_token=abc', /credential query parameter "access_token"/],
    ['a PEM private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIE', /private key/],
    ['a GitHub token', 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB', /GitHub token/],
    ['an AWS access key id', 'key AKIAABCDEFGHIJKLMNOP here', /AWS access key/],
    ['a Slack token', 'xoxb-1234567890-abcdefghij', /Slack token/],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N', /JSON Web Token/],
    ['a password assignment', 'db password=hunter22', /assignment/],
  ];
  for (const [name, value, what] of secrets) it(`${name} is found`, () => assert.match(secretIn(value) ?? '', what));

  const fine: Array<[string, string]> = [
    ['a plain URL', 'https://docs.example.com/checkout-redesign'],
    ['an ADR identifier', 'ADR-015-event-driven-checkout'],
    ['prose mentioning tokens', 'Session token: stored in Redis with a TTL'],
    ['prose about passwords', 'Users reset their password via email'],
    ['a cost center', 'CC-4521'],
  ];
  for (const [name, value] of fine) it(`${name} is not a secret`, () => assert.equal(secretIn(value), undefined));

  it('keys that name a secret are found only in maps whose keys users choose', () => {
    const found = findSecrets({ metadata: { annotations: { 'team/api-key': 'x', 'team/owner': 'y' } }, spec: { token: 'not checked as a key' } }, ['metadata.annotations']);
    assert.deepEqual(found.map((f) => f.path), ['metadata.annotations["team/api-key"]']);
  });
});
