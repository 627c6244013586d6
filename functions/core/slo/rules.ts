// The Prometheus rule groups of one measured service, as a chain of small steps, each given its
// windows and inputs (Sloth's SLI → metadata → alert rules): every SLO (availability; latency when
// the context has a latency target the histogram can measure) gets its SLI ratio per window
// (sli-records.ts), its metadata records (metadata-records.ts) and its multiwindow multi-burn-rate
// alerts (burn-rate-alerts.ts), told apart by contextcore_slo; the latency SLO also its target,
// bound and bucket-missing ticket (latency-rules.ts). Besides them: the auth anomaly
// (auth-rules.ts) and the records no rule reads (service-records.ts).

import { RULE_GROUP, SLO_NAME_LATENCY } from '../conventions/index.js';
import { AUTH_ANOMALY } from '../tables/derivation.js';
import { BUCKET_MISSING } from '../tables/latency-slo.js';
import { authAnomalyRules } from './auth-rules.js';
import { burnRateAlerts } from './burn-rate-alerts.js';
import { bucketMissingAlert, latencyRecords } from './latency-rules.js';
import { metadataRecords } from './metadata-records.js';
import type { Rule, RuleGroup, SloDefinition, SloRuleInput, SloWindows } from './model.js';
import { availabilitySlo, latencySlo } from './objectives.js';
import { serviceRecords } from './service-records.js';
import { latencyHistogramOf, recordLabels } from './sli.js';
import { sliRecords } from './sli-records.js';
import { errorRatioWindows } from './windows.js';

/** One SLO's rules in the order they must run: the records, then the alerts that read them. */
const sloRules = (i: SloRuleInput, slo: SloDefinition, w: SloWindows): { records: Rule[]; alerts: Rule[] } => ({
  records: [...sliRecords(slo, errorRatioWindows(w), recordLabels(i.context, i, slo.name)), ...metadataRecords(slo, w, i)],
  alerts: burnRateAlerts(slo, w.tiers, i.alertClasses, i, w.period),
});

function availabilityGroup(i: SloRuleInput, w: SloWindows): RuleGroup {
  const { records, alerts } = sloRules(i, availabilitySlo(i), w);
  return { name: RULE_GROUP.availability, rules: [...records, ...alerts] };
}

/** The latency SLO's group; only its target when no bucket can measure it (or no histogram). */
function latencyGroup(i: SloRuleInput, w: SloWindows): RuleGroup | undefined {
  const target = i.latency?.target;
  if (!target) return undefined;
  const histogram = latencyHistogramOf(i.sli);
  const threshold = histogram ? i.latency?.threshold : undefined;
  const labels = recordLabels(i.context, i, SLO_NAME_LATENCY);
  if (!histogram || !threshold) return { name: RULE_GROUP.latency, rules: latencyRecords(target, undefined, labels) };
  const { records, alerts } = sloRules(i, latencySlo(i, histogram, target, threshold), w);
  return { name: RULE_GROUP.latency, rules: [...records, ...latencyRecords(target, threshold, labels), ...alerts, bucketMissingAlert(histogram, threshold, i, BUCKET_MISSING)] };
}

function authGroup(i: SloRuleInput): RuleGroup | undefined {
  if (!i.authAnomaly || i.sli.preset === 'custom') return undefined;
  return { name: RULE_GROUP.securityAlerts, rules: authAnomalyRules(i.sli.preset, i, AUTH_ANOMALY) };
}

function serviceGroup(i: SloRuleInput): RuleGroup | undefined {
  const rules = serviceRecords(latencyHistogramOf(i.sli), i.contextInfo, i);
  return rules.length ? { name: RULE_GROUP.service, rules } : undefined;
}

/**
 * The rule groups of one measured service. Every rule that reads a record comes after it in the
 * same group: Prometheus evaluates a group's rules in order at one timestamp, so an alert reads
 * the SLI ratio of this very evaluation. Read from another group, the record can be one whole
 * evaluation interval old, and with rules evaluated every 5m (the lookback delta) Prometheus 3,
 * whose lookback excludes a sample exactly 5m old, sees none: the alert stays silent whenever its
 * group runs first (promtool test rules runs groups in random order, and showed it).
 */
export function buildSloGroups(i: SloRuleInput, w: SloWindows): RuleGroup[] {
  return [availabilityGroup(i, w), latencyGroup(i, w), authGroup(i), serviceGroup(i)].filter((g): g is RuleGroup => g !== undefined);
}

/** Every PromQL expression in the groups, for validation. */
export const exprsOf = (groups: readonly RuleGroup[]) => groups.flatMap((g) => g.rules.map((r) => r.expr));
