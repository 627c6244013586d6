import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tracesUrl } from '../../../../../functions/core/hook/otlp-url.js';

describe('where the hook sends its spans', () => {
  const cases: Array<[string, string | undefined, Record<string, string>, { url: string } | RegExp]> = [
    ['--endpoint is a base endpoint: v1/traces is appended', 'http://collector:4318', {}, { url: 'http://collector:4318/v1/traces' }],
    ['a trailing slash is not doubled', 'http://collector:4318/', {}, { url: 'http://collector:4318/v1/traces' }],
    ['a path is kept', 'https://gw.example.com/otlp', {}, { url: 'https://gw.example.com/otlp/v1/traces' }],
    ['an --endpoint already ending in v1/traces is used as is', 'http://c:4318/v1/traces', {}, { url: 'http://c:4318/v1/traces' }],
    ['OTEL_EXPORTER_OTLP_ENDPOINT always gets v1/traces appended, as the spec and the JS SDK do', undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/v1/traces' }, { url: 'http://c:4318/v1/traces/v1/traces' }],
    ['--endpoint wins over the environment', 'http://flag:4318', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318' }, { url: 'http://flag:4318/v1/traces' }],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is the full URL', undefined, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:4318/custom', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318' }, { url: 'http://t:4318/custom' }],
    ['OTEL_EXPORTER_OTLP_ENDPOINT is a base endpoint', undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318' }, { url: 'http://env:4318/v1/traces' }],
    ['nothing configured is a problem', undefined, {}, /^no OTLP endpoint: give --endpoint or set OTEL_EXPORTER_OTLP_ENDPOINT$/],
    ['a value that is not a URL is a problem naming its source', 'collector:4318x', {}, /^--endpoint must be an http\(s\) URL/],
    ['a value that cannot be parsed is a problem', 'not a url', {}, /^--endpoint is not a URL/],
    ['an empty --endpoint is a problem', '', {}, /^--endpoint is not a URL \(got ""\)/],
    ['a non-HTTP scheme is a problem', 'ftp://x', {}, /^--endpoint must be an http\(s\) URL \(got "ftp:\/\/x"\)/],
    ['a bad OTEL_EXPORTER_OTLP_ENDPOINT is a problem naming the variable', undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' }, /^OTEL_EXPORTER_OTLP_ENDPOINT is not a URL/],
  ];
  for (const [name, endpoint, env, expected] of cases) {
    it(name, () => {
      const r = tracesUrl(endpoint, env);
      if (expected instanceof RegExp) assert.match((r as { problem: string }).problem, expected);
      else assert.deepEqual(r, expected);
    });
  }
});
