// The diff report: what `contextcore diff --format json` prints and what the markdown is made
// from. Its JSON Schema is diff-report.schema.json (a test keeps the two in step); fields are only
// ever added, a breaking change bumps DIFF_REPORT_VERSION.

export type ResourceChange = 'added' | 'removed' | 'changed' | 'bookkeeping';
export type SubjectChange = 'added' | 'removed' | 'changed';

export interface DiffReport {
  apiVersion: string;
  kind: string;
  version: number;
  /** What was compared, as given on the command line (paths, `<ref>:<path>`). */
  base: string;
  head: string;
  /** True when any resource differs, bookkeeping included (`--exit-code` exits 1). */
  changed: boolean;
  counts: Record<ResourceChange | 'unchanged', number>;
  /** Every resource that differs, most relevant to a reviewer first. */
  resources: ResourceDiff[];
}

export interface ObjectRef {
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface ResourceDiff {
  resource: ObjectRef;
  /** What the resource observes or annotates (from the plans), when it is ContextCore's. */
  target?: ObjectRef;
  /** `bookkeeping`: only checksums, generator version or the managed-otel record differ. */
  change: ResourceChange;
  /** What a reviewer cares about, in words: SLOs, alerts, scrape, sampling, context. */
  highlights: Highlight[];
  /** Every other difference of a changed resource, by field path (empty when added or removed). */
  fields: FieldChange[];
  bookkeeping: FieldChange[];
}

/** One thing a reviewer recognises (an SLO, an alert, a scrape endpoint, a container) and how it changes. */
export interface Highlight {
  /** Stable key of the subject within its resource, e.g. `alert/contextcore-slo-availability/ContextCoreErrorBudgetBurn/page`. */
  subject: string;
  /** In words: `page alert ContextCoreErrorBudgetBurn`. */
  title: string;
  change: SubjectChange;
  /** Added subjects carry only `new`, removed ones only `old`. */
  attributes: AttributeChange[];
  /** Changes elsewhere in the resource that explain this one (the objective behind a threshold). */
  because?: AttributeChange[];
}

export interface AttributeChange {
  name: string;
  old?: string;
  new?: string;
}

/** A field-level difference; `path` is readable: named list items by name (`containers[app]`). */
export interface FieldChange {
  op: 'add' | 'remove' | 'replace';
  path: string;
  old?: unknown;
  new?: unknown;
}
