// The checksum of a plan: what the render stamps on a ProjectContext (ANNOTATION_PLAN_CHECKSUM)
// and the hooks record in its status, so that Argo CD's health check can tell a status written
// for the live render from one written for an earlier render (docs/delivery.md). Over the
// canonical JSON, so the plan a hook parses back from its ConfigMap gives the same value.

import { canonicalJson } from '../base/canonical.js';
import { sha256 } from '../pipeline/names.js';
import type { Plan } from '../plan/plan.js';

export const planChecksum = (plan: Plan): string => `sha256:${sha256(canonicalJson(plan))}`;
