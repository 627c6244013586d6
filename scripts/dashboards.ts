// The shipped cross-context dashboards (dashboards/*.json), built by the same TypeScript as the
// per-context ones. npm run golden writes them; the golden drift test fails when they differ.

import { dashboardJson } from '../functions/core/dashboards/dashboard.js';
import { SHIPPED_DASHBOARDS } from '../functions/core/dashboards/shipped.js';

export const SHIPPED_DASHBOARD_DIR = 'dashboards';

/** Repository path → content of every shipped dashboard. */
export function shippedDashboardFiles(): Map<string, string> {
  return new Map(SHIPPED_DASHBOARDS.map((d) => [`${SHIPPED_DASHBOARD_DIR}/${d.file}`, dashboardJson(d.build())]));
}
