// The dashboard around the panels: metadata, template variables, links, built-in annotations.
// Every ContextCore dashboard is read-only (it is regenerated from git) and tagged contextcore.

import { DASHBOARD_TAG } from '../conventions/index.js';
import { layOut, type Section } from './layout.js';
import { PROMETHEUS } from './panels.js';
import { DASHBOARD_SCHEMA_VERSION, type Dashboard, type DashboardLink, type VariableModel } from './schema.js';

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  /** Besides the contextcore tag every dashboard carries. */
  tags?: readonly string[];
  links: readonly DashboardLink[];
  variables: readonly VariableModel[];
  sections: readonly Section[];
  /** Default time range, from now-<range> to now. */
  range?: string;
}

export function dashboard(s: DashboardSpec): Dashboard {
  return {
    uid: s.uid,
    title: s.title,
    description: s.description,
    tags: [DASHBOARD_TAG, ...(s.tags ?? [])],
    editable: false,
    graphTooltip: 1,
    schemaVersion: DASHBOARD_SCHEMA_VERSION,
    version: 1,
    time: { from: `now-${s.range ?? '6h'}`, to: 'now' },
    refresh: '1m',
    timezone: 'browser',
    fiscalYearStartMonth: 0,
    links: [...s.links],
    annotations: {
      list: [{ builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: true, hide: true, iconColor: 'rgba(0, 211, 255, 1)', name: 'Annotations & Alerts', type: 'dashboard' }],
    },
    templating: { list: [...s.variables] },
    panels: layOut(s.sections),
  };
}

/** A datasource picker: panels use `${name}` as their datasource uid. */
export function datasourceVariable(name: string, label: string, pluginId: string): VariableModel {
  return { type: 'datasource', name, label, query: pluginId, regex: '', hide: 0, refresh: 1, includeAll: false, multi: false, options: [] };
}

/** Multi-select of fixed values with an All option matching anything (also an absent label). */
export function customVariable(name: string, label: string, values: readonly string[]): VariableModel {
  return {
    type: 'custom',
    name,
    label,
    query: values.join(','),
    current: { selected: true, text: ['All'], value: ['$__all'] },
    options: [{ selected: true, text: 'All', value: '$__all' }, ...values.map((v) => ({ selected: false, text: v, value: v }))],
    hide: 0,
    includeAll: true,
    allValue: '.*',
    multi: true,
  };
}

/** Multi-select of the values a Prometheus label takes: `label_values(<series>, <label>)`. */
export function labelValuesVariable(name: string, label: string, series: string, labelName: string): VariableModel {
  return {
    type: 'query',
    name,
    label,
    datasource: PROMETHEUS,
    query: `label_values(${series}, ${labelName})`,
    current: { selected: true, text: ['All'], value: ['$__all'] },
    options: [],
    hide: 0,
    refresh: 2,
    sort: 1,
    includeAll: true,
    allValue: '.*',
    multi: true,
    regex: '',
  };
}

/** Free text, e.g. a regex over names; the URL can set it (`var-<name>=`). */
export function textboxVariable(name: string, label: string, value: string, description: string): VariableModel {
  return { type: 'textbox', name, label, description, query: value, current: { selected: false, text: value, value }, options: [{ selected: true, text: value, value }], hide: 0 };
}

/** A link to one dashboard or page, keeping the time range and the datasource choice. */
export function urlLink(title: string, url: string, tooltip: string, o: { external?: boolean } = {}): DashboardLink {
  return { title, type: 'link', url, tooltip, icon: o.external ? 'doc' : 'dashboard', tags: [], asDropdown: false, targetBlank: !!o.external, includeVars: !o.external, keepTime: !o.external };
}

/** Dropdown of every dashboard with the contextcore tag. */
export function taggedLink(title: string): DashboardLink {
  return { title, type: 'dashboards', tags: [DASHBOARD_TAG], asDropdown: true, includeVars: false, keepTime: true, icon: 'external link', targetBlank: false, tooltip: '', url: '' };
}

/** The JSON text of a shipped dashboard file: two-space indent (readable diffs), final newline. */
export const dashboardJson = (d: Dashboard) => `${JSON.stringify(d, null, 2)}\n`;
