import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { templateLiteral, templateLiteralText } from '../../../../../functions/core/pipeline/generated-meta.js';

describe('user text in Prometheus annotations', () => {
  // [sentence, text, escaped]
  const cases: Array<[string, string, string]> = [
    ['text without braces is as written', 'costs $1 "money"', 'costs $1 "money"'],
    ['template braces are printed by a template, not opened', 'a {{ $labels.x }} b', 'a {{ "{{" }} $labels.x {{ "}}" }} b'],
    ['three braces keep the third as text', '{{{', '{{ "{{" }}{'],
    ['a lone brace before closing braces is escaped too, or it would open an action with the escape ({{{ "}}" }} does not parse)', 'JSON {a:{}}', 'JSON {a:{{ "{" }}{{ "}}" }}'],
    ['the escaping itself, written by a user, is escaped again', '{{ "{{" }}', '{{ "{{" }} "{{ "{{" }}" {{ "}}" }}'],
  ];
  for (const [sentence, text, escaped] of cases) {
    it(sentence, () => {
      assert.equal(templateLiteral(text), escaped);
      assert.equal(templateLiteralText(escaped), text);
    });
  }

  it('any text read back from its escaping is the text (braces, quotes and the escaping itself most likely)', () => {
    const piece = fc.constantFrom('{', '}', '{{', '}}', '"', ' ', 'x', '{{ "{{" }}', '{{ "}}" }}', '{{ "{" }}', '$');
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }).map((p) => p.join('')), (text) => templateLiteralText(templateLiteral(text)) === text));
  });
});
