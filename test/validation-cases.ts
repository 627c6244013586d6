// The validation parity table: ProjectContexts, valid and invalid, each with the verdict both
// `contextcore validate` and the API server (`kubectl apply --dry-run=server`) must reach. Part
// is generated from the CRD's schema (every enum value, bound, required field, type and
// unknown field), part written by hand (patterns, the CEL rules, metadata, and what only the
// CLI can check, marked cliOnly with the reason). test/validation-parity.test.ts holds the CLI
// to the table in every run; the end-to-end suite (test/e2e/validation-parity.ts) holds the
// real API servers to it, case by case.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { re2ToJs } from '../functions/core/validate/schema.js';
import { deployment, service } from './fixtures.js';
import { ROOT, runCliAsync } from './helpers.js';

type Obj = Record<string, any>;
type Schema = Record<string, any>;

export const CRD = parse(readFileSync(join(ROOT, 'crds/projectcontext.yaml'), 'utf8'));
export const CRD_SCHEMA: Schema = CRD.spec.versions[0].schema.openAPIV3Schema;

/** What a case checks, for the coverage test: a schema keyword or CEL rule at a schema path. */
export interface Covers {
  /** Schema path: dotted, `[]` for list items (as in cel-mirror.ts). */
  at: string;
  what: string;
}

export interface ValidationCase {
  /** A sentence: what the ProjectContext has. */
  name: string;
  /** Changes to the valid base context: [dotted path with [i] indexes, value or undefined to delete]. */
  change?: Array<[string, unknown]>;
  /** More ProjectContexts in the same input, changed from the base the same way. */
  others?: Array<Array<[string, unknown]>>;
  verdict: 'valid' | 'invalid';
  /** Invalid cases: the field both report (the CLI may name a field below it). */
  field?: string;
  /** Invalid cases: what both messages say (CEL rules: the rule's message). */
  message?: RegExp;
  /** What kubectl says instead of naming the field, when it refuses the object before sending it. */
  kubectlSays?: RegExp;
  /** Only the CLI rejects it: why the API server cannot. The server must accept it. */
  cliOnly?: string;
  /** The CLI's input leaves out the target workloads (the case is about that). */
  withoutWorkloads?: boolean;
  /** The input holds the context twice. */
  twice?: boolean;
  covers?: Covers[];
}

/** A context with every field of the schema set, valid: changes start from it. */
export const FULL_SPEC: Obj = {
  project: { id: 'shop-platform', epic: 'EPIC-42', tasks: ['TASK-1'] },
  design: { doc: 'https://wiki.example.com/shop', adr: 'ADR-015-event-driven-checkout', apiContract: 'https://api.example.com/openapi.yaml' },
  business: { criticality: 'high', value: 'revenue-primary', owner: 'shop-team', costCenter: 'CC-4521' },
  requirements: { availability: '99.9', latencyP99: '200ms', errorBudget: '0.1', period: '30d' },
  risks: [{ type: 'availability', description: 'A single database', priority: 'P2', mitigation: 'ADR-020' }],
  targets: [{ kind: 'Deployment', name: 'checkout', namespace: 'shop-other' }],
  observability: {
    traceSampling: 0.5,
    metricsInterval: '30s',
    dashboardPlacement: 'featured',
    alertChannels: ['#shop-oncall'],
    runbook: 'https://runbooks.example.com/checkout',
    sli: {
      preset: 'custom',
      port: 'metrics',
      errorQuery: 'sum(rate(http_errors_total{ {{selector}} }[{{window}}]))',
      totalQuery: 'sum(rate(http_requests_total{ {{selector}} }[{{window}}]))',
      latencyHistogram: 'http_request_duration_seconds',
      latencyBucket: '250ms',
    },
  },
};

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** Sets (or, with undefined, deletes) the value at a dotted path with [i] indexes, creating objects on the way. */
export function setPath(root: Obj, path: string, value: unknown): void {
  const keys = path.match(/[^.[\]]+/g)!.map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  let node: any = root;
  for (const k of keys.slice(0, -1)) node = node[k] ??= {};
  const last = keys.at(-1)!;
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else node[last] = value;
}

/** Schema path (`spec.risks[]`) → a concrete path into FULL_SPEC (`spec.risks[0]`). */
const concrete = (schemaPath: string) => schemaPath.replaceAll('[]', '[0]');

// ---------------------------------------------------------------------------------------------
// Generated from the schema: what every node's keywords allow and refuse.

interface Node {
  path: string;
  schema: Schema;
  required: boolean;
}

function nodes(schema: Schema, path: string, required: boolean, out: Node[] = []): Node[] {
  out.push({ path, schema, required });
  for (const [k, v] of Object.entries(schema.properties ?? {})) nodes(v as Schema, `${path}.${k}`, (schema.required ?? []).includes(k), out);
  if (schema.items) nodes(schema.items, `${path}[]`, false, out);
  return out;
}

export const SPEC_NODES = nodes(CRD_SCHEMA.properties.spec, 'spec', true);

/** A value of exactly `length` characters the pattern accepts, if one of a few shapes fits. */
function validOfLength(schema: Schema, length: number): string | undefined {
  const pattern = schema.pattern ? new RegExp(re2ToJs(schema.pattern), 'u') : /.*/su;
  const shapes = [(n: number) => 'a'.repeat(n), (n: number) => `https://${'a'.repeat(Math.max(0, n - 8))}`, (n: number) => '1'.repeat(n), (n: number) => `${'1'.repeat(n - 1)}s`, (n: number) => `${'1'.repeat(n - 1)}d`];
  return shapes.map((s) => s(length)).find((v) => v.length === length && pattern.test(v));
}

/** n distinct valid items for a list at this schema path. */
function items(path: string, n: number): unknown[] {
  const sample = clone(getAt({ spec: FULL_SPEC }, concrete(`${path}[]`)));
  return Array.from({ length: n }, (_, i) => {
    if (typeof sample === 'string') return `${sample}-${i}`;
    if (path === 'spec.targets') return { kind: 'Deployment', name: `app-${i}` };
    return sample;
  });
}

function getAt(root: Obj, path: string): any {
  return path.match(/[^.[\]]+/g)!.reduce((n: any, k) => n?.[/^\d+$/.test(k) ? Number(k) : k], root);
}

/** What else an enum value needs to be valid: only preset custom goes with custom queries, preset none with nothing else. */
const ENUM_CONTEXT: Record<string, (value: unknown) => Array<[string, unknown]>> = {
  'spec.observability.sli.preset': (v) => (v === 'custom' ? [] : [['spec.observability.sli', v === 'none' ? {} : { port: 'metrics' }]]),
};

/** Fields whose content the CLI checks beyond the schema (PromQL): left out of generated valid values. */
const CONTENT_CHECKED = new Set(['spec.observability.sli.errorQuery', 'spec.observability.sli.totalQuery']);

function wrongType(schema: Schema): unknown {
  switch (schema.type) {
    case 'string':
      return 12;
    case 'number':
    case 'integer':
      return 'twelve';
    case 'array':
      return 'one';
    default:
      return ['a list'];
  }
}

export function schemaCases(): ValidationCase[] {
  const cases: ValidationCase[] = [];
  const add = (c: ValidationCase) => cases.push(c);
  for (const { path, schema, required } of SPEC_NODES) {
    const at = concrete(path);
    const covers = (what: string) => [{ at: path, what }];
    if (path !== 'spec') add({ name: `${at} of the wrong type`, change: [[at, wrongType(schema)]], verdict: 'invalid', field: at, covers: covers('type') });
    if (required && path !== 'spec') add({ name: `${at} left out (required)`, change: [[at, undefined]], verdict: 'invalid', field: at, covers: covers('required') });
    if (schema.properties)
      add({ name: `an unknown field in ${at}`, change: [[`${at}.unknownField`, 'x']], verdict: 'invalid', field: `${at}.unknownField`, message: /unknown field/, covers: covers('unknown field') });
    if (schema.enum) {
      for (const v of schema.enum) add({ name: `${at} ${v}`, change: [...(ENUM_CONTEXT[path]?.(v) ?? []), [at, v]], verdict: 'valid', covers: covers(`enum ${v}`) });
      add({ name: `${at} outside its enum (lower-cased ${schema.enum[0]}x)`, change: [[at, `${String(schema.enum[0]).toLowerCase()}x`]], verdict: 'invalid', field: at, covers: covers('enum') });
    }
    if (schema.maxLength !== undefined) {
      const long = validOfLength(schema, schema.maxLength);
      if (long && !CONTENT_CHECKED.has(path)) add({ name: `${at} of exactly ${schema.maxLength} characters`, change: [[at, long]], verdict: 'valid', covers: covers('maxLength valid') });
      add({ name: `${at} of ${schema.maxLength + 1} characters`, change: [[at, validOfLength(schema, schema.maxLength + 1) ?? 'a'.repeat(schema.maxLength + 1)]], verdict: 'invalid', field: at, covers: covers('maxLength') });
    }
    if (schema.minLength !== undefined) add({ name: `${at} empty`, change: [[at, '']], verdict: 'invalid', field: at, covers: covers('minLength') });
    if (schema.minimum !== undefined) {
      add({ name: `${at} at its minimum ${schema.minimum}`, change: [[at, schema.minimum]], verdict: 'valid', covers: covers('minimum valid') });
      add({ name: `${at} below its minimum`, change: [[at, schema.minimum - 0.01]], verdict: 'invalid', field: at, covers: covers('minimum') });
    }
    if (schema.maximum !== undefined) {
      add({ name: `${at} at its maximum ${schema.maximum}`, change: [[at, schema.maximum]], verdict: 'valid', covers: covers('maximum valid') });
      add({ name: `${at} above its maximum`, change: [[at, schema.maximum + 0.01]], verdict: 'invalid', field: at, covers: covers('maximum') });
    }
    if (schema.maxItems !== undefined) {
      add({ name: `${at} with ${schema.maxItems} items`, change: [[at, items(path, schema.maxItems)]], verdict: 'valid', covers: covers('maxItems valid') });
      add({ name: `${at} with ${schema.maxItems + 1} items`, change: [[at, items(path, schema.maxItems + 1)]], verdict: 'invalid', field: at, covers: covers('maxItems') });
    }
    if (schema.minItems !== undefined) add({ name: `${at} with ${schema.minItems - 1} items`, change: [[at, items(path, schema.minItems - 1)]], verdict: 'invalid', field: at, covers: covers('minItems') });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------
// Written by hand: patterns, CEL rules, metadata, and the CLI's own checks.

const pattern = (at: string): Covers[] => [{ at, what: 'pattern' }];
const rule = (at: string, message: string): Covers[] => [{ at, what: `rule: ${message}` }];
const req = (...kv: Array<[string, unknown]>): Array<[string, unknown]> => kv.map(([k, v]) => [`spec.requirements.${k}`, v]);
const sli = (value: Obj): Array<[string, unknown]> => [['spec.observability.sli', value]];
const NO_SLI = sli({ preset: 'none' });
const BUDGET = 'errorBudget must equal 100 - availability';
const AVAILABILITY = 'availability must be greater than 0 and less than 100';
const ERROR_BUDGET = 'errorBudget must be greater than 0 and less than 100';
const LATENCY = 'latencyP99 must be greater than zero';
const PERIOD = 'period must be from 7d to 90d';
const INTERVAL = 'metricsInterval must be greater than zero';
const UNIQUE = 'targets must be unique by kind, namespace and name';
const QUERIES_NEED_CUSTOM = 'errorQuery, totalQuery and latencyHistogram need preset custom';
const BUCKET = 'observability.sli.latencyBucket needs requirements.latencyP99 and must not be below it';
const CUSTOM_NEEDS_QUERIES = 'preset custom needs errorQuery and totalQuery';
const NONE_TAKES_NOTHING = 'preset none takes no port or latencyBucket';
const QUERIES = { errorQuery: FULL_SPEC.observability.sli.errorQuery, totalQuery: FULL_SPEC.observability.sli.totalQuery };

/** The latency bucket raised with the latency target, which it must not be below. */
const BUCKET_AT_TARGET = (target: string): Array<[string, unknown]> => [['spec.observability.sli.latencyBucket', target]];

/** [name, path, value, verdict, other changes]: pattern cases, invalid ones reported at their path. */
const PATTERNS: Array<[string, string, unknown, 'valid' | 'invalid', Array<[string, unknown]>?]> = [
  ['a project id with a space', 'spec.project.id', 'shop platform', 'invalid'],
  ['a project id starting with a dash', 'spec.project.id', '-shop', 'invalid'],
  ['a project id of one character', 'spec.project.id', 'x', 'valid'],
  ['a project id with dots, underscores and capitals', 'spec.project.id', 'Shop.platform_2', 'valid'],
  ['an epic with a space', 'spec.project.epic', 'EPIC 42', 'invalid'],
  ['an epic with a no-break space (RE2’s \\s is ASCII only)', 'spec.project.epic', 'EPIC\u00a042', 'valid'],
  ['a design doc with a vertical tab (not a space to RE2)', 'spec.design.doc', 'doc\u000b1', 'valid'],
  ['a task with a tab', 'spec.project.tasks[0]', 'TASK\t1', 'invalid'],
  ['a design doc with a space', 'spec.design.doc', 'https://wiki.example.com/my doc', 'invalid'],
  ['an ADR with a space', 'spec.design.adr', 'ADR 15', 'invalid'],
  ['an API contract with a newline', 'spec.design.apiContract', 'a\nb', 'invalid'],
  ['an owner starting with @', 'spec.business.owner', '@shop-team', 'invalid'],
  ['an owner that is an e-mail address', 'spec.business.owner', 'shop@example.com', 'valid'],
  ['a cost center with a space', 'spec.business.costCenter', 'CC 4521', 'invalid'],
  ['an availability with a percent sign', 'spec.requirements.availability', '99.9%', 'invalid'],
  ['an availability of 100', 'spec.requirements.availability', '100', 'invalid'],
  ['an availability with seven decimals', 'spec.requirements.availability', '99.9999999', 'invalid'],
  ['an availability in exponent notation', 'spec.requirements.availability', '1e1', 'invalid'],
  ['an availability with a leading dot', 'spec.requirements.availability', '.5', 'invalid'],
  ['a latency without a unit', 'spec.requirements.latencyP99', '200', 'invalid'],
  ['a latency in minutes', 'spec.requirements.latencyP99', '1m', 'invalid'],
  ['a latency with four decimals', 'spec.requirements.latencyP99', '1.2345s', 'invalid'],
  ['a latency of 1.5s', 'spec.requirements.latencyP99', '1.5s', 'valid', BUCKET_AT_TARGET('1.5s')],
  ['a latency of 999999.999s', 'spec.requirements.latencyP99', '999999.999s', 'valid', BUCKET_AT_TARGET('999999.999s')],
  ['an error budget with a percent sign', 'spec.requirements.errorBudget', '0.1%', 'invalid'],
  ['a period in weeks', 'spec.requirements.period', '4w', 'invalid'],
  ['a period in hours', 'spec.requirements.period', '720h', 'invalid'],
  ['a period with a leading zero', 'spec.requirements.period', '07d', 'invalid'],
  ['a period of 100 days', 'spec.requirements.period', '100d', 'invalid'],
  ['a period of 28d', 'spec.requirements.period', '28d', 'valid'],
  ['a target name with capitals', 'spec.targets[0].name', 'Checkout', 'invalid'],
  ['a target name with an underscore', 'spec.targets[0].name', 'check_out', 'invalid'],
  ['a target name with dots (a DNS subdomain)', 'spec.targets[0].name', 'checkout.v2', 'valid'],
  ['a target namespace with a dot', 'spec.targets[0].namespace', 'shop.other', 'invalid'],
  ['a metrics interval without a unit', 'spec.observability.metricsInterval', '10', 'invalid'],
  ['a metrics interval in days', 'spec.observability.metricsInterval', '1d', 'invalid'],
  ['a metrics interval of 1m30s', 'spec.observability.metricsInterval', '1m30s', 'valid'],
  ['a metrics interval of 500ms', 'spec.observability.metricsInterval', '500ms', 'valid'],
  ['an alert channel with a space', 'spec.observability.alertChannels[0]', '# oncall', 'invalid'],
  ['an alert channel that is a user', 'spec.observability.alertChannels[0]', '@alice', 'valid'],
  ['an alert channel with a path', 'spec.observability.alertChannels[0]', 'pagerduty/shop:p1', 'valid'],
  ['a runbook that is not a URL', 'spec.observability.runbook', 'see the wiki', 'invalid'],
  ['a runbook with the ftp scheme', 'spec.observability.runbook', 'ftp://runbooks.example.com/x', 'invalid'],
  ['an SLI port with capitals', 'spec.observability.sli.port', 'Metrics', 'invalid'],
  ['an SLI port with a dash', 'spec.observability.sli.port', 'http-metrics', 'valid'],
  ['a latency histogram starting with a digit', 'spec.observability.sli.latencyHistogram', '1_seconds', 'invalid'],
  ['a latency histogram with a colon', 'spec.observability.sli.latencyHistogram', 'job:request_duration_seconds', 'valid'],
  ['a latency bucket without a unit', 'spec.observability.sli.latencyBucket', '250', 'invalid'],
  ['a latency bucket in minutes', 'spec.observability.sli.latencyBucket', '1m', 'invalid'],
  ['a latency bucket of 0.35s', 'spec.observability.sli.latencyBucket', '0.35s', 'valid'],
];

/** A DNS subdomain of exactly 253 characters: four labels of 63 and a dot between each. */
const LONGEST_NAME = Array.from({ length: 4 }, (_, i) => String.fromCharCode(97 + i).repeat(63)).join('.').slice(0, 253);

export const HAND_CASES: ValidationCase[] = [
  ...PATTERNS.map(([name, at, value, verdict, more]): ValidationCase => ({ name, change: [[at, value], ...(more ?? [])], verdict, ...(verdict === 'invalid' ? { field: at } : {}), covers: pattern(at.replace(/\[0\]/g, '[]')) })),

  // CEL: requirements
  { name: 'availability 99.9 with error budget 0.1', change: req(['availability', '99.9'], ['errorBudget', '0.1']), verdict: 'valid', covers: rule('spec.requirements', BUDGET) },
  { name: 'availability 99.999999 with error budget 0.000001', change: req(['availability', '99.999999'], ['errorBudget', '0.000001']), verdict: 'valid' },
  { name: 'availability 99 with error budget 1.0', change: req(['availability', '99'], ['errorBudget', '1.0']), verdict: 'valid' },
  { name: 'availability 99.9 with error budget 0.2', change: req(['availability', '99.9'], ['errorBudget', '0.2']), verdict: 'invalid', field: 'spec.requirements', message: new RegExp(BUDGET), covers: rule('spec.requirements', BUDGET) },
  { name: 'an error budget without an availability', change: req(['availability', undefined], ['errorBudget', '0.5']), verdict: 'valid' },
  { name: 'an availability of 0', change: req(['availability', '0'], ['errorBudget', undefined]), verdict: 'invalid', field: 'spec.requirements.availability', message: new RegExp(AVAILABILITY), covers: rule('spec.requirements.availability', AVAILABILITY) },
  { name: 'an availability of 00.000000', change: req(['availability', '00.000000'], ['errorBudget', undefined]), verdict: 'invalid', field: 'spec.requirements.availability', message: new RegExp(AVAILABILITY) },
  // The lowest objectives the CEL rules accept leave no burn-rate alert that can fire, an error
  // of the render (the CLI-only case below): these two opt out of SLO rules to stay valid.
  { name: 'an availability of 0.000001', change: [...req(['availability', '0.000001'], ['errorBudget', undefined]), ...NO_SLI], verdict: 'valid', covers: rule('spec.requirements.availability', AVAILABILITY) },
  { name: 'an error budget of 0.0', change: req(['availability', undefined], ['errorBudget', '0.0']), verdict: 'invalid', field: 'spec.requirements.errorBudget', message: new RegExp(ERROR_BUDGET), covers: rule('spec.requirements.errorBudget', ERROR_BUDGET) },
  { name: 'an error budget of 99.999999', change: [...req(['availability', undefined], ['errorBudget', '99.999999']), ...NO_SLI], verdict: 'valid', covers: rule('spec.requirements.errorBudget', ERROR_BUDGET) },
  { name: 'a latency of 0ms', change: req(['latencyP99', '0ms']), verdict: 'invalid', field: 'spec.requirements.latencyP99', message: new RegExp(LATENCY), covers: rule('spec.requirements.latencyP99', LATENCY) },
  { name: 'a latency of 0.000s', change: req(['latencyP99', '0.000s']), verdict: 'invalid', field: 'spec.requirements.latencyP99', message: new RegExp(LATENCY) },
  { name: 'a latency of 0.001s', change: req(['latencyP99', '0.001s']), verdict: 'valid', covers: rule('spec.requirements.latencyP99', LATENCY) },

  { name: 'a period of 6d', change: req(['period', '6d']), verdict: 'invalid', field: 'spec.requirements.period', message: new RegExp(PERIOD), covers: rule('spec.requirements.period', PERIOD) },
  { name: 'a period of 7d', change: req(['period', '7d']), verdict: 'valid', covers: rule('spec.requirements.period', PERIOD) },
  { name: 'a period of 90d', change: req(['period', '90d']), verdict: 'valid' },
  { name: 'a period of 91d', change: req(['period', '91d']), verdict: 'invalid', field: 'spec.requirements.period', message: new RegExp(PERIOD) },

  // CEL: the latency bucket against the latency target
  { name: 'a latency bucket equal to the latency target, in other units', change: [['spec.observability.sli.latencyBucket', '0.2s']], verdict: 'valid', covers: rule('spec', BUCKET) },
  { name: 'a latency bucket below the latency target', change: [['spec.observability.sli.latencyBucket', '199ms']], verdict: 'invalid', field: 'spec', message: new RegExp(BUCKET), covers: rule('spec', BUCKET) },
  { name: 'a latency bucket without a latency target', change: req(['latencyP99', undefined]), verdict: 'invalid', field: 'spec', message: new RegExp(BUCKET) },
  { name: 'no latency bucket and no latency target', change: [...req(['latencyP99', undefined]), ['spec.observability.sli.latencyBucket', undefined]], verdict: 'valid' },

  // CEL: targets
  { name: 'the same target twice', change: [['spec.targets', [{ kind: 'Deployment', name: 'checkout' }, { kind: 'Deployment', name: 'checkout' }]]], verdict: 'invalid', field: 'spec.targets', message: new RegExp(UNIQUE), covers: rule('spec.targets', UNIQUE) },
  { name: 'the same target twice in another namespace', change: [['spec.targets', [{ kind: 'Service', name: 'api', namespace: 'shop-other' }, { kind: 'Deployment', name: 'checkout' }, { name: 'api', namespace: 'shop-other', kind: 'Service' }]]], verdict: 'invalid', field: 'spec.targets', message: new RegExp(UNIQUE) },
  { name: 'a Deployment and a Service of one name', change: [['spec.targets', [{ kind: 'Deployment', name: 'checkout' }, { kind: 'Service', name: 'checkout' }]]], verdict: 'valid', covers: rule('spec.targets', UNIQUE) },
  { name: 'one name in two namespaces', change: [['spec.targets', [{ kind: 'Deployment', name: 'checkout' }, { kind: 'Deployment', name: 'checkout', namespace: 'shop-other' }]]], verdict: 'valid' },

  // CEL: metrics interval
  { name: 'a metrics interval of 0s', change: [['spec.observability.metricsInterval', '0s']], verdict: 'invalid', field: 'spec.observability.metricsInterval', message: new RegExp(INTERVAL), covers: rule('spec.observability.metricsInterval', INTERVAL) },
  { name: 'a metrics interval of 0m0s', change: [['spec.observability.metricsInterval', '0m0s']], verdict: 'invalid', field: 'spec.observability.metricsInterval', message: new RegExp(INTERVAL) },
  { name: 'a metrics interval of 1m0s', change: [['spec.observability.metricsInterval', '1m0s']], verdict: 'valid', covers: rule('spec.observability.metricsInterval', INTERVAL) },

  // CEL: SLI
  { name: 'an error query without preset custom', change: sli({ errorQuery: QUERIES.errorQuery }), verdict: 'invalid', field: 'spec.observability.sli', message: new RegExp(QUERIES_NEED_CUSTOM), covers: rule('spec.observability.sli', QUERIES_NEED_CUSTOM) },
  { name: 'a latency histogram with preset otel', change: sli({ preset: 'otel', latencyHistogram: 'h_seconds' }), verdict: 'invalid', field: 'spec.observability.sli', message: new RegExp(QUERIES_NEED_CUSTOM) },
  { name: 'preset prometheus alone', change: sli({ preset: 'prometheus' }), verdict: 'valid', covers: rule('spec.observability.sli', QUERIES_NEED_CUSTOM) },
  { name: 'preset custom without queries', change: sli({ preset: 'custom' }), verdict: 'invalid', field: 'spec.observability.sli', message: new RegExp(CUSTOM_NEEDS_QUERIES), covers: rule('spec.observability.sli', CUSTOM_NEEDS_QUERIES) },
  { name: 'preset custom with an error query only', change: sli({ preset: 'custom', errorQuery: QUERIES.errorQuery }), verdict: 'invalid', field: 'spec.observability.sli', message: new RegExp(CUSTOM_NEEDS_QUERIES) },
  { name: 'preset custom with both queries', change: sli({ preset: 'custom', ...QUERIES }), verdict: 'valid', covers: rule('spec.observability.sli', CUSTOM_NEEDS_QUERIES) },
  { name: 'preset none with a port', change: sli({ preset: 'none', port: 'metrics' }), verdict: 'invalid', field: 'spec.observability.sli', message: new RegExp(NONE_TAKES_NOTHING), covers: rule('spec.observability.sli', NONE_TAKES_NOTHING) },
  { name: 'preset none with a latency bucket', change: [...sli({ preset: 'none' }), ['spec.observability.sli.latencyBucket', '250ms']], verdict: 'invalid', field: 'spec.observability.sli', message: new RegExp(NONE_TAKES_NOTHING) },
  { name: 'preset none alone', change: sli({ preset: 'none' }), verdict: 'valid', covers: rule('spec.observability.sli', NONE_TAKES_NOTHING) },

  // Fields left out: the smallest context.
  { name: 'only a project id and one target', change: ['design', 'business', 'requirements', 'risks', 'observability'].map((k): [string, unknown] => [`spec.${k}`, undefined]).concat([['spec.project', { id: 'x' }], ['spec.targets', [{ kind: 'Service', name: 'api' }]]]), verdict: 'valid' },
  { name: 'no spec', change: [['spec', undefined]], verdict: 'invalid', field: 'spec' },
  { name: 'a null epic', change: [['spec.project.epic', null]], verdict: 'invalid', field: 'spec.project.epic', cliOnly: 'the API server drops a null value, as if the field were left out; as with an unknown field, the CLI says so rather than drop what was written' },
  { name: 'a null observability', change: [['spec.observability', null]], verdict: 'invalid', field: 'spec.observability', cliOnly: 'the API server drops a null value, as if the field were left out; as with an unknown field, the CLI says so rather than drop what was written' },
  { name: 'a sampling ratio given as a string', change: [['spec.observability.traceSampling', '0.5']], verdict: 'invalid', field: 'spec.observability.traceSampling' },
  { name: 'an availability given as a number', change: req(['availability', 99.9], ['errorBudget', undefined]), verdict: 'invalid', field: 'spec.requirements.availability' },
  { name: 'an unknown top-level field', change: [['specification', {}]], verdict: 'invalid', field: 'specification', message: /unknown field/ },

  // Metadata, which the API server checks for every object.
  { name: 'a name with capitals', change: [['metadata.name', 'Checkout']], verdict: 'invalid', field: 'metadata.name' },
  { name: 'a name of 254 characters', change: [['metadata.name', `${LONGEST_NAME}a`]], verdict: 'invalid', field: 'metadata.name' },
  { name: 'a name of 253 characters', change: [['metadata.name', LONGEST_NAME]], verdict: 'valid' },
  { name: 'no name', change: [['metadata.name', undefined]], verdict: 'invalid', field: 'metadata.name', kubectlSays: /resource name may not be empty/ },
  { name: 'no namespace (the implicit one)', change: [['metadata.namespace', undefined]], verdict: 'valid' },
  { name: 'a label key with a space', change: [['metadata.labels', { 'team name': 'shop' }]], verdict: 'invalid', field: 'metadata.labels' },
  { name: 'a label key with two slashes', change: [['metadata.labels', { 'example.com/a/b': 'x' }]], verdict: 'invalid', field: 'metadata.labels' },
  { name: 'a label key with an upper-case prefix', change: [['metadata.labels', { 'Example.com/team': 'x' }]], verdict: 'invalid', field: 'metadata.labels' },
  { name: 'a label value with a space', change: [['metadata.labels', { team: 'shop team' }]], verdict: 'invalid', field: 'metadata.labels' },
  { name: 'a label value of 64 characters', change: [['metadata.labels', { team: 'a'.repeat(64) }]], verdict: 'invalid', field: 'metadata.labels' },
  { name: 'a label value that is a number', change: [['metadata.labels', { replicas: 3 }]], verdict: 'invalid', field: 'metadata.labels' },
  { name: 'labels of every allowed shape', change: [['metadata.labels', { 'app.kubernetes.io/name': 'shop', team: 'a'.repeat(63), empty: '', 'x_y.z': 'A-b_c.1' }]], verdict: 'valid' },
  { name: 'an annotation key with a space', change: [['metadata.annotations', { 'see also': 'x' }]], verdict: 'invalid', field: 'metadata.annotations' },
  { name: 'an annotation key with capitals (checked lower-cased)', change: [['metadata.annotations', { 'Example.com/Owner': 'Shop Team, room 4' }]], verdict: 'valid' },
  { name: 'annotations over 256 KiB', change: [['metadata.annotations', { 'example.com/notes': 'a'.repeat(256 * 1024) }]], verdict: 'invalid', field: 'metadata.annotations' },
  { name: 'a finalizer without a domain (1.32 warns)', change: [['metadata.finalizers', ['cleanup']]], verdict: 'valid' },
  { name: 'a finalizer with a space', change: [['metadata.finalizers', ['clean up']]], verdict: 'invalid', field: 'metadata.finalizers' },
  { name: 'the orphan and foregroundDeletion finalizers together', change: [['metadata.finalizers', ['orphan', 'foregroundDeletion']]], verdict: 'invalid', field: 'metadata.finalizers' },
  { name: 'a finalizer with a domain', change: [['metadata.finalizers', ['example.com/cleanup']]], verdict: 'valid' },
  { name: 'an unknown metadata field', change: [['metadata.owner', 'shop-team']], verdict: 'invalid', field: 'metadata.owner', message: /unknown field/ },
  { name: 'a generateName beside the name', change: [['metadata.generateName', 'checkout-']], verdict: 'valid' },

  // What only the CLI can check.
  { name: 'a target that is not in the render', withoutWorkloads: true, verdict: 'invalid', field: 'spec.targets[0]', cliOnly: 'the API server sees one object; whether its targets are rendered beside it is a property of the render' },
  { name: 'two contexts claiming one workload', others: [[['metadata.name', 'second']]], verdict: 'invalid', field: 'spec.targets[0]', cliOnly: 'each ProjectContext is valid alone; one context per workload is a property of the render' },
  { name: 'one context defined twice in the render', twice: true, verdict: 'invalid', field: 'metadata.name', cliOnly: 'applying an object twice updates it; a render holding two copies is a mistake only the render shows' },
  { name: 'an availability of 50 with page alerts', change: req(['availability', '50'], ['errorBudget', undefined]), verdict: 'invalid', field: 'spec.requirements.availability', message: /no page alert that can fire/, cliOnly: 'whether a burn-rate alert can fire (its factor times the error budget under 100%) depends on the objective, the period and the alert classes the render derives together' },
  { name: 'a GitHub token in a risk description', change: [['spec.risks[0].description', 'rotate ghp_abcdefghijklmnopqrstuvwxyz0123456789 soon']], verdict: 'invalid', field: 'spec.risks[0].description', cliOnly: 'secrets are recognised by their form (functions/core/tables/secret-patterns.ts), which a schema pattern cannot express without refusing ordinary text' },
  { name: 'an annotation key naming a password', change: [['metadata.annotations', { 'example.com/db-password': 'x' }]], verdict: 'invalid', field: 'metadata.annotations', cliOnly: 'annotation keys that name secrets are our rule; the CRD’s schema does not describe metadata' },
  { name: 'a design doc URL with a user and password', change: [['spec.design.doc', 'https://bob:hunter2@wiki.example.com/x']], verdict: 'invalid', field: 'spec.design.doc', cliOnly: 'a credential in a URL is recognised by parsing the URL' },
  { name: 'a design doc with the ftp scheme', change: [['spec.design.doc', 'ftp://wiki.example.com/x']], verdict: 'invalid', field: 'spec.design.doc', cliOnly: 'a design link is a URL or an identifier; telling them apart and requiring http(s) needs a URL parser' },
  { name: 'a runbook URL without a host', change: [['spec.observability.runbook', 'http://:80/runbook']], verdict: 'invalid', field: 'spec.observability.runbook', cliOnly: 'the schema pattern checks the scheme; a URL that does not parse needs a URL parser' },
  { name: 'a custom error query that is not PromQL', change: sli({ preset: 'custom', errorQuery: 'sum(rate(x{ {{selector}} }[{{window}}])', totalQuery: QUERIES.totalQuery }), verdict: 'invalid', field: 'spec.observability.sli.errorQuery', cliOnly: 'PromQL is checked with the Prometheus grammar; the API server’s CEL has no PromQL parser' },
  { name: 'a custom error query without {{window}}', change: sli({ preset: 'custom', errorQuery: 'sum(rate(x{ {{selector}} }[5m]))', totalQuery: QUERIES.totalQuery }), verdict: 'invalid', field: 'spec.observability.sli.errorQuery', cliOnly: 'each alert window needs its own query; checked with the query’s PromQL, which only the CLI parses' },
];

export const VALIDATION_CASES: readonly ValidationCase[] = [...schemaCases(), ...HAND_CASES];

// ---------------------------------------------------------------------------------------------
// Inputs: per case, the ProjectContexts (in namespace vc-<n>, named c<n>) and, for the CLI,
// the workloads its targets name.

export const caseId = (i: number) => String(i).padStart(3, '0');
export const caseNamespace = (i: number) => `vc-${caseId(i)}`;

export function caseContexts(c: ValidationCase, i: number): Obj[] {
  const build = (change: Array<[string, unknown]>, n: number) => {
    const o: Obj = { apiVersion: 'contextcore.io/v1', kind: 'ProjectContext', metadata: { name: `c${caseId(i)}${n ? `-${n}` : ''}`, namespace: caseNamespace(i) }, spec: clone(FULL_SPEC) };
    o.spec.targets[0].namespace = `${caseNamespace(i)}-b`;
    for (const [path, value] of change) setPath(o, path, value === undefined ? undefined : clone(value));
    return o;
  };
  const first = build(c.change ?? [], 0);
  return [first, ...(c.twice ? [clone(first)] : []), ...(c.others ?? []).map((change, n) => build([...(c.change ?? []), ...change], n + 1))];
}

const TARGET_KINDS = new Set(CRD_SCHEMA.properties.spec.properties.targets.items.properties.kind.enum as string[]);

/** One workload per distinct well-formed target of the contexts, in the target's namespace. */
export function caseWorkloads(contexts: readonly Obj[]): Obj[] {
  const seen = new Map<string, Obj>();
  for (const ctx of contexts) {
    const targets = ctx.spec?.targets;
    if (!Array.isArray(targets)) continue;
    for (const t of targets) {
      if (!t || !TARGET_KINDS.has(t.kind) || typeof t.name !== 'string' || !/^[a-z0-9]/.test(t.name)) continue;
      const namespace = typeof t.namespace === 'string' ? t.namespace : (ctx.metadata?.namespace ?? 'default');
      const key = `${t.kind}/${namespace}/${t.name}`;
      if (seen.has(key)) continue;
      if (t.kind === 'Service') {
        seen.set(key, service({ name: t.name, namespace }));
        continue;
      }
      const labels = { app: t.name.slice(0, 63) };
      seen.set(key, deployment({ kind: t.kind, name: t.name, namespace, labels }));
      // A Service with the metrics port for each workload (the one sli.port names, if any): a
      // context's declared objective must be met.
      const port = ctx.spec?.observability?.sli?.port;
      const metrics = `metrics-${seen.size}`;
      const ports = [{ name: 'http', port: 80 }, { name: typeof port === 'string' ? port : 'metrics', port: 9090 }];
      seen.set(`Service/${namespace}/${metrics}`, service({ name: metrics, namespace, labels, selector: labels, ports }));
    }
  }
  return [...seen.values()];
}

/** Writes each case to `<dir>/<id>.yaml`: with workloads for the CLI, the contexts alone for the API server. */
export function writeCases(dir: string, cases: readonly ValidationCase[], forServer: boolean): string[] {
  mkdirSync(dir, { recursive: true });
  return cases.map((c, i) => {
    const contexts = caseContexts(c, i);
    const objects = forServer || c.withoutWorkloads ? contexts : [...contexts, ...caseWorkloads(contexts)];
    const path = join(dir, `${caseId(i)}.yaml`);
    writeFileSync(path, objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n'));
    return path;
  });
}

export interface Verdict {
  verdict: 'valid' | 'invalid';
  /** The error lines or message naming this case. */
  text: string;
}

/** Lines of `text` that name the case file `<id>.yaml`, keyed by case index. */
export function linesByCase(text: string, count: number): { byCase: Map<number, string[]>; other: string[] } {
  const byCase = new Map<number, string[]>();
  const other: string[] = [];
  for (const line of text.split('\n').filter((l) => l.trim())) {
    const m = /[\\/](\d{3})\.yaml\b/.exec(line);
    const i = m ? Number(m[1]) : -1;
    if (i >= 0 && i < count) (byCase.get(i) ?? byCase.set(i, []).get(i)!).push(line);
    else other.push(line);
  }
  return { byCase, other };
}

/**
 * `contextcore validate` on every case, in few runs: all cases at once, the CLI names each case
 * it rejects; its later checks (targets) run only when every context passed the earlier ones, so
 * the cases without errors run again without those that had some, until a run passes.
 */
export async function cliVerdicts(dir: string, cases: readonly ValidationCase[]): Promise<{ verdicts: Verdict[]; runs: number }> {
  const files = writeCases(dir, cases, false);
  const verdicts: Verdict[] = [];
  let remaining = cases.map((_, i) => i);
  let runs = 0;
  while (remaining.length) {
    runs++;
    const r = await runCliAsync(['validate', ...remaining.map((i) => files[i]!)]);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: ')).join('\n');
    const { byCase, other } = linesByCase(errors, cases.length);
    if (other.length) throw new Error(`contextcore validate reported errors naming no case:\n${other.join('\n')}`);
    for (const [i, lines] of byCase) verdicts[i] = { verdict: 'invalid', text: lines.join('\n') };
    if (r.code === 0 || !byCase.size) {
      if (r.code !== 0) throw new Error(`contextcore validate exited ${r.code} naming no case:\n${r.stderr}`);
      for (const i of remaining) verdicts[i] ??= { verdict: 'valid', text: '' };
      break;
    }
    remaining = remaining.filter((i) => !byCase.has(i));
  }
  return { verdicts, runs };
}
