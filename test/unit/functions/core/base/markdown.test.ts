import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inlineCode, markdownLink, markdownText } from '../../../../../functions/core/base/markdown.js';

describe('values in markdown stay one piece of text', () => {
  // [sentence, made, markdown]
  const cases: Array<[string, string, string]> = [
    ['plain inline code takes one backtick', inlineCode('ADR-7'), '`ADR-7`'],
    ['a backtick inside takes a longer fence', inlineCode('a`b``c'), '```a`b``c```'],
    ['a backtick at an end is padded off the fence', inlineCode('`x'), '`` `x ``'],
    ['a link keeps its parentheses inside the URL', markdownLink('Doc', 'https://x/a_(b)<c>'), '[Doc](https://x/a_%28b%29%3Cc%3E)'],
    ['a link without parentheses is as written', markdownLink('Doc', 'https://x/a?b=1#c'), '[Doc](https://x/a?b=1#c)'],
    ['line breaks of any kind become one space', markdownText('one\n\n# two\r\nthree\u2028four'), 'one # two three four'],
    ['tags are text, not HTML', markdownText('<b>x</b>'), '&lt;b&gt;x&lt;/b&gt;'],
  ];
  for (const [sentence, made, markdown] of cases) it(sentence, () => assert.equal(made, markdown));
});
