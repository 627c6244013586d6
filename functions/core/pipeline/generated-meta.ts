// Metadata every generated resource carries (DESIGN §5.7), and artifact references.

import { ANNOTATION_GENERATOR, ANNOTATION_SOURCE, ANNOTATION_SOURCE_CHECKSUM, GENERATOR_ID, LABEL_COMPONENT, LABEL_CONTEXT_NAME, LABEL_MANAGED_BY, LABEL_PART_OF, MANAGED_BY_VALUE, PART_OF_VALUE, type ArtifactType } from '../conventions/index.js';
import type { ArtifactRef } from '../plan/plan.js';
import type { ContextModel } from './model.js';
import { fitName } from './names.js';
import type { ObjectMeta } from '../types/kube.js';

export interface Placement {
  namespace: string;
  explicitNamespace: boolean;
}

export function generatedMetadata(
  ctx: ContextModel,
  artifact: ArtifactType | 'plan' | 'hook' | 'gate',
  name: string,
  placement: Placement,
  extra: { labels?: Record<string, string>; annotations?: Record<string, string> } = {},
): ObjectMeta {
  const md: ObjectMeta = {
    name,
    labels: {
      ...(extra.labels ?? {}),
      [LABEL_MANAGED_BY]: MANAGED_BY_VALUE,
      [LABEL_PART_OF]: PART_OF_VALUE,
      [LABEL_CONTEXT_NAME]: fitName([ctx.name]),
      [LABEL_COMPONENT]: artifact,
    },
    annotations: {
      ...(extra.annotations ?? {}),
      [ANNOTATION_SOURCE]: ctx.key,
      [ANNOTATION_SOURCE_CHECKSUM]: ctx.checksum,
      [ANNOTATION_GENERATOR]: GENERATOR_ID,
    },
  };
  if (placement.explicitNamespace) md.namespace = placement.namespace;
  return md;
}

export const artifactRef = (apiVersion: string, kind: string, namespace: string, name: string): ArtifactRef => ({ apiVersion, kind, namespace, name });

/** Task id: `<type>:<kind>/<namespace>/<name>` — kind keeps a Deployment and a Service of one name apart. */
export const taskId = (type: string, kind: string, namespace: string, name: string) => `${type}:${kind.toLowerCase()}/${namespace}/${name}`;

/** What each piece of user text that Go's template lexer would read as a delimiter becomes. */
const TEMPLATE_ESCAPES: Record<string, string> = {
  '{{': '{{ "{{" }}',
  '}}': '{{ "}}" }}',
  // A lone `{` before `}}` would join the `{{` that starts the latter's escape: `{{{ "}}" }}` fails to parse.
  '{': '{{ "{" }}',
};
const TEMPLATE_TEXT = Object.fromEntries(Object.entries(TEMPLATE_ESCAPES).map(([text, escaped]) => [escaped, text]));

/** Go-template-safe text for Prometheus annotations: user text must not open a template. */
export function templateLiteral(text: string): string {
  return text.replace(/\{\{|\}\}|\{(?=\}\})/g, (m) => TEMPLATE_ESCAPES[m]!);
}

/** The text templateLiteral was given (what Prometheus renders), in one pass so that no replacement is read again. */
export const templateLiteralText = (annotation: string): string => annotation.replace(/\{\{ "(?:\{\{|\}\}|\{)" \}\}/g, (m) => TEMPLATE_TEXT[m]!);
