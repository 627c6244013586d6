// The generation pipeline, in its fixed order (DESIGN §2). Later steps read what earlier ones
// planned: rules depend on scrapes, dashboards on rules, canary analysis (Rollout targets) on scrapes, the plan on everything, and the
// PostSync hook and the PreSync gate (when enabled) on the plan; the plan's checksum is stamped on each context last.

import type { Step } from '../pipeline/model.js';
import { analysisTemplates } from './analysis-templates.js';
import { annotateTargets } from './annotate-targets.js';
import { dashboards } from './dashboards.js';
import { gateStep } from './gate.js';
import { hookStep } from './hook.js';
import { planStep } from './plan.js';
import { planStamp } from './plan-stamp.js';
import { prometheusRules } from './prometheus-rules.js';
import { serviceMonitors } from './service-monitors.js';

export const STEPS: readonly Step[] = [annotateTargets, serviceMonitors, prometheusRules, dashboards, analysisTemplates, planStep, hookStep, gateStep, planStamp];
