// Derivation: business context + data tables → the observability decisions of one context.
// Every decision is recorded with the rule and input that produced it, for the plan.

import {
  CRITICALITY_TABLE,
  DEFAULT_CRITICALITY,
  FOLDER_BY_PLACEMENT,
  PAGE_ESCALATING_RISKS,
  PLACEMENT_BY_CRITICALITY,
  type AlertClass,
  type Criticality,
  type Priority,
} from '../tables/derivation.js';
import { canonicalPercent, clean, durationSeconds, formatNumber, formatBudgetShare, formatPercent, formatRounded, percentToRatio } from '../base/numbers.js';
import type { EffectiveConfig } from './config.js';
import { latencyThreshold, thresholdReason, type LatencyThreshold, type NoThreshold } from '../slo/latency-threshold.js';
import { sloWindows } from '../slo/windows.js';
import type { SloWindows } from '../slo/model.js';
import { DEFAULT_SLO_PERIOD } from '../tables/burn-rate-windows.js';
import { LATENCY_OBJECTIVE_RATIO } from '../tables/latency-slo.js';
import type { SliPresetName } from '../tables/sli-presets.js';
import type { DerivationRule } from '../plan/plan.js';
import type { ProjectContextSpec } from '../types/projectcontext.gen.js';
import { isHttpUrl } from '../validate/urls.js';

export interface Derived {
  criticality: Criticality;
  traceSampling: number;
  metricsInterval: string;
  /** Availability objective in percent, canonical text ("99.95"). */
  availability: string;
  objectiveRatio: number;
  errorBudgetRatio: number;
  /** requirements.period, or the default: the window the error budget is counted over, and the alert windows and factors over it. */
  slo: SloWindows;
  latencyP99?: { text: string; seconds: number };
  /**
   * The bucket bound that measures latencyP99 (the latency SLO's threshold); `beyond-buckets`
   * when no known boundary is large enough, undefined without latencyP99 or a histogram.
   */
  latencyThreshold?: LatencyThreshold | NoThreshold;
  alertClasses: AlertClass[];
  priority: Priority;
  authAnomaly: boolean;
  runbookUrl?: string;
  placement: 'featured' | 'standard' | 'archived';
  folder: string;
  preset: SliPresetName;
  /** observability.sli.preset none: no metrics are scraped and no SLO is produced for the context. */
  sliOptOut: boolean;
  /**
   * What declares the context's objective, in words ("requirements.availability=99.9"), when
   * something does: requirements, or an explicit business.criticality. An objective only
   * derived from the default criticality is not declared.
   */
  declaredObjective?: string;
  rules: DerivationRule[];
}

/** "pages above 13.44× over 1h and 5m (8% of the budget in 1h), …": each tier's factor over the period. */
function periodRule(w: SloWindows): string {
  const tiers = w.tiers.map((t) => `${t.alertClass === 'page' ? 'page' : 'ticket'} above ${formatRounded(t.burnRate)}× the budget over ${t.long} and ${t.short} (${formatBudgetShare(t.budgetConsumed)} of it in ${t.long})`);
  return `SLO period ${w.period}: ${tiers.join(', ')}`;
}

export function derive(spec: ProjectContextSpec, config: EffectiveConfig): Derived {
  const rules: DerivationRule[] = [];
  const record = (field: string, value: string, rule: string, source: DerivationRule['source']) =>
    rules.push({ field, value, rule, source });

  const explicitCriticality = spec.business?.criticality;
  const criticality: Criticality = explicitCriticality ?? DEFAULT_CRITICALITY;
  if (explicitCriticality) record('business.criticality', criticality, `business.criticality=${criticality} (explicit)`, 'explicit');
  else record('business.criticality', criticality, `business.criticality not set → ${criticality} (default)`, 'default');
  const row = CRITICALITY_TABLE[criticality];
  const because = `business.criticality=${criticality}`;

  const obs = spec.observability ?? {};
  const traceSampling = obs.traceSampling ?? row.traceSampling;
  if (obs.traceSampling !== undefined) record('observability.traceSampling', formatNumber(traceSampling), `observability.traceSampling=${formatNumber(traceSampling)} (explicit)`, 'explicit');
  else record('observability.traceSampling', formatNumber(traceSampling), `${because} → trace sampling ${formatNumber(traceSampling)}`, 'derived');

  const metricsInterval = obs.metricsInterval ?? row.metricsInterval;
  if (obs.metricsInterval !== undefined) record('observability.metricsInterval', metricsInterval, `observability.metricsInterval=${metricsInterval} (explicit)`, 'explicit');
  else record('observability.metricsInterval', metricsInterval, `${because} → metrics interval ${metricsInterval}`, 'derived');

  const req = spec.requirements ?? {};
  let availability: string;
  if (req.availability !== undefined) {
    availability = canonicalPercent(req.availability);
    record('requirements.availability', availability, `requirements.availability=${req.availability} (explicit) → objective ${availability}%`, 'explicit');
  } else if (req.errorBudget !== undefined) {
    availability = formatNumber(100 - Number(req.errorBudget));
    record('requirements.availability', availability, `requirements.errorBudget=${req.errorBudget} → objective ${availability}%`, 'derived');
  } else {
    availability = canonicalPercent(row.availability);
    record('requirements.availability', availability, `${because} → objective ${availability}%`, 'derived');
  }
  const objectiveRatio = percentToRatio(availability);
  const errorBudgetRatio = clean(1 - objectiveRatio);
  const period = req.period ?? DEFAULT_SLO_PERIOD;
  const slo = sloWindows(period);
  // The default period is stated by the error budget's rule; a declared one also by its own, with the factors it gives.
  if (req.period !== undefined) record('requirements.period', period, `requirements.period=${period} (explicit) → ${periodRule(slo)}`, 'explicit');
  record('requirements.errorBudget', formatNumber(errorBudgetRatio * 100), `objective ${availability}% → error budget ${formatPercent(errorBudgetRatio)} of requests over ${period}`, 'derived');

  const out: Derived = {
    criticality,
    traceSampling,
    metricsInterval,
    availability,
    objectiveRatio,
    errorBudgetRatio,
    slo,
    alertClasses: [...row.alertClasses],
    priority: row.priority,
    authAnomaly: false,
    placement: obs.dashboardPlacement ?? PLACEMENT_BY_CRITICALITY[criticality],
    folder: '',
    preset: obs.sli?.preset === undefined || obs.sli.preset === 'none' ? config.metricsPreset : obs.sli.preset,
    sliOptOut: obs.sli?.preset === 'none',
    rules,
  };
  const declared = (['availability', 'latencyP99', 'errorBudget'] as const).filter((k) => req[k] !== undefined).map((k) => `requirements.${k}=${req[k]}`);
  if (declared.length) out.declaredObjective = declared.join(', ');
  else if (explicitCriticality) out.declaredObjective = `business.criticality=${criticality} (objective ${availability}%)`;

  if (req.latencyP99 !== undefined) {
    const target = { text: req.latencyP99, seconds: durationSeconds(req.latencyP99)! };
    out.latencyP99 = target;
    const objective = formatNumber(LATENCY_OBJECTIVE_RATIO * 100);
    const budget = formatNumber((1 - LATENCY_OBJECTIVE_RATIO) * 100);
    record('requirements.latencyP99', target.text, `requirements.latencyP99=${target.text} → latency SLO: ${objective}% of requests within ${target.text} over ${period}, error budget ${budget}% slow requests`, 'derived');
    const sli = obs.sli;
    // Opted out of SLIs, the target stays on the workloads as context and measures nothing.
    if (out.sliOptOut) record('slo.latencyThreshold', 'none', 'observability.sli.preset=none → no latency SLO', 'explicit');
    else if (out.preset === 'custom' && !sli?.latencyHistogram) {
      record('slo.latencyThreshold', 'none', 'observability.sli.preset=custom names no latencyHistogram → no latency SLO', 'derived');
    } else {
      const declared = sli?.latencyBucket;
      const t = latencyThreshold(target.seconds, out.preset, declared === undefined ? undefined : durationSeconds(declared));
      out.latencyThreshold = t;
      record('slo.latencyThreshold', t.source === 'beyond-buckets' ? 'none' : t.text, thresholdReason(target.text, out.preset, t), declared === undefined ? 'derived' : 'explicit');
    }
  }

  record('alerts.classes', out.alertClasses.join('+'), `${because} → ${out.alertClasses.join(' + ')} alerts, priority ${row.priority}`, 'derived');
  const risks = spec.risks ?? [];
  if (!out.alertClasses.includes('page')) {
    const escalating = risks.find((r) => PAGE_ESCALATING_RISKS.some((e) => e.type === r.type && e.priority === r.priority));
    if (escalating) {
      out.alertClasses = ['page', ...out.alertClasses];
      record('alerts.classes', out.alertClasses.join('+'), `risks: ${escalating.type} ${escalating.priority} → page alerts added`, 'derived');
    }
  }
  if (risks.some((r) => r.type === 'security')) {
    out.authAnomaly = true;
    record('alerts.authAnomaly', 'true', 'risks: security → auth-failure anomaly alert (ticket)', 'derived');
  }

  const runbook = obs.runbook ?? (isHttpUrl(spec.design?.adr) ? spec.design!.adr : undefined);
  if (runbook) {
    out.runbookUrl = runbook;
    record('alerts.runbookUrl', runbook, obs.runbook ? 'observability.runbook → runbook_url' : 'design.adr (a URL) → runbook_url', obs.runbook ? 'explicit' : 'derived');
  }

  out.folder = FOLDER_BY_PLACEMENT[out.placement];
  if (obs.dashboardPlacement) record('observability.dashboardPlacement', out.placement, `observability.dashboardPlacement=${out.placement} (explicit) → folder ${out.folder}`, 'explicit');
  else record('observability.dashboardPlacement', out.placement, `${because} → dashboard ${out.placement}, folder ${out.folder}`, 'derived');

  if (out.sliOptOut) record('observability.sli.preset', 'none', 'observability.sli.preset=none (explicit) → no ServiceMonitors, SLO rules or dashboard', 'explicit');
  else if (obs.sli?.preset) record('observability.sli.preset', out.preset, `observability.sli.preset=${out.preset} (explicit)`, 'explicit');
  else if (config.metricsPresetSet) record('observability.sli.preset', out.preset, `function config metrics.preset=${out.preset} → SLI preset ${out.preset}`, 'config');
  else record('observability.sli.preset', out.preset, `observability.sli.preset not set → SLI preset ${out.preset} (default)`, 'default');

  return out;
}
