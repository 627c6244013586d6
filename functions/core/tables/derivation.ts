// Derivation table: business criticality → observability defaults (DESIGN §5.1).
// Explicit ProjectContext fields always win over these values.
//
// Sources: sampling and interval tiers follow the ContextCore seeds (seeds/000 "Value-Based
// Observability Derivation": critical → 100% sampling, 10s metrics, P1 alerts). Default
// objectives are the common tiered SLOs (99.95 / 99.9 / 99.5 / 99).

export type Criticality = 'critical' | 'high' | 'medium' | 'low';
export type AlertClass = 'page' | 'ticket';
export type Priority = 'P1' | 'P2' | 'P3' | 'P4';

export interface CriticalityDefaults {
  traceSampling: number;
  metricsInterval: string;
  availability: string;
  alertClasses: readonly AlertClass[];
  priority: Priority;
}

export const DEFAULT_CRITICALITY: Criticality = 'medium';

export const CRITICALITY_TABLE: Readonly<Record<Criticality, CriticalityDefaults>> = {
  critical: { traceSampling: 1.0, metricsInterval: '10s', availability: '99.95', alertClasses: ['page', 'ticket'], priority: 'P1' },
  high: { traceSampling: 0.5, metricsInterval: '30s', availability: '99.9', alertClasses: ['page', 'ticket'], priority: 'P2' },
  medium: { traceSampling: 0.1, metricsInterval: '60s', availability: '99.5', alertClasses: ['ticket'], priority: 'P3' },
  low: { traceSampling: 0.01, metricsInterval: '120s', availability: '99.0', alertClasses: ['ticket'], priority: 'P4' },
};

/** Risks that add page alerts to a context whose criticality has only tickets (DESIGN §5.1). */
export const PAGE_ESCALATING_RISKS: readonly { type: string; priority: Priority }[] = [
  { type: 'availability', priority: 'P1' },
  { type: 'data-integrity', priority: 'P1' },
];

/** Alert class → Prometheus severity label (DESIGN §5.4). */
export const SEVERITY_BY_CLASS: Readonly<Record<AlertClass, string>> = {
  page: 'critical',
  ticket: 'warning',
};

/** Dashboard placement → Grafana folder (value of the folder annotation). */
export const FOLDER_BY_PLACEMENT: Readonly<Record<'featured' | 'standard' | 'archived', string>> = {
  featured: 'ContextCore/Featured',
  standard: 'ContextCore',
  archived: 'ContextCore/Archived',
};

/** Placement when a context sets none: critical services are featured. */
export const PLACEMENT_BY_CRITICALITY: Readonly<Record<Criticality, 'featured' | 'standard' | 'archived'>> = {
  critical: 'featured',
  high: 'standard',
  medium: 'standard',
  low: 'standard',
};

/**
 * Auth-anomaly alert for contexts with a security risk: the 401/403 share of requests over 5m
 * is well above its own 1-day baseline. Our tuning: 3× the baseline, at least 5% of requests
 * (so a quiet baseline of zero does not alert on one stray 401), sustained for 15m.
 */
export const AUTH_ANOMALY = {
  shortWindow: '5m',
  baselineWindow: '1d',
  factor: 3,
  minRatio: 0.05,
  for: '15m',
  statusCodes: ['401', '403'],
} as const;
