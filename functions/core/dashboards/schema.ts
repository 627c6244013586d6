// The Grafana dashboard JSON model we write, typed with the Grafana Foundation SDK's generated
// types (cog output of Grafana's own CUE schemas) for the Grafana line we target. Type-only
// imports: nothing of the SDK is bundled or loaded at run time (see README "Dashboards").

import type * as sdkBargauge from '@grafana/grafana-foundation-sdk/bargauge';
import type * as sdk from '@grafana/grafana-foundation-sdk/dashboard';
import type * as sdkPrometheus from '@grafana/grafana-foundation-sdk/prometheus';
import type * as sdkStat from '@grafana/grafana-foundation-sdk/stat';
import type * as sdkTable from '@grafana/grafana-foundation-sdk/table';
import type * as sdkTempo from '@grafana/grafana-foundation-sdk/tempo';
import type * as sdkText from '@grafana/grafana-foundation-sdk/text';
import type * as sdkTimeseries from '@grafana/grafana-foundation-sdk/timeseries';

/**
 * Dashboard JSON schema version we write: Grafana 11.6's dashboard kind, the schema of the
 * pinned SDK line (@grafana/grafana-foundation-sdk 11.6.x). Newer Grafana migrates it on load.
 */
export const DASHBOARD_SCHEMA_VERSION = 41;

/**
 * A generated SDK type as JSON: string enums become their string values, builder-only marker
 * methods are dropped, `any` stays `any`. Excess properties are still errors on literals.
 */
export type Json<T> = 0 extends 1 & T
  ? any
  : T extends string
    ? `${T}`
    : T extends number | boolean | null | undefined
      ? T
      : T extends readonly (infer U)[]
        ? Json<U>[]
        : T extends object
          ? { [K in keyof T as T[K] extends (...args: any[]) => any ? never : K]: Json<T[K]> }
          : T;

export type DataSourceRef = Json<sdk.DataSourceRef>;
export type GridPos = Json<sdk.GridPos>;
export type ThresholdsConfig = Json<sdk.ThresholdsConfig>;
export type ValueMapping = Json<sdk.ValueMapping>;
export type DashboardLink = Json<sdk.DashboardLink>;
export type VariableModel = Json<sdk.VariableModel>;
export type Transformation = Json<sdk.DataTransformerConfig>;
export type FieldOverride = Json<sdk.FieldConfigSource['overrides'][number]>;

export type PrometheusQuery = Json<sdkPrometheus.dataquery>;
export type TempoQuery = Json<sdkTempo.TempoQuery>;

type FieldConfigOf<Custom> = {
  defaults: Omit<Json<sdk.FieldConfig>, 'custom'> & ([Custom] extends [never] ? {} : { custom?: Custom });
  overrides: FieldOverride[];
};

type PanelBase = Omit<Json<sdk.Panel>, 'type' | 'options' | 'fieldConfig' | 'targets'>;

export type StatPanel = PanelBase & { type: 'stat'; options: Json<sdkStat.Options>; fieldConfig: FieldConfigOf<never>; targets: PrometheusQuery[] };
export type TimeseriesPanel = PanelBase & { type: 'timeseries'; options: Json<sdkTimeseries.Options>; fieldConfig: FieldConfigOf<Partial<Json<sdkTimeseries.FieldConfig>>>; targets: (PrometheusQuery | TempoQuery)[] };
export type TablePanel = PanelBase & { type: 'table'; options: Json<sdkTable.Options>; fieldConfig: FieldConfigOf<Partial<Json<sdkTable.FieldConfig>>>; targets: (PrometheusQuery | TempoQuery)[] };
export type BarGaugePanel = PanelBase & { type: 'bargauge'; options: Json<sdkBargauge.Options>; fieldConfig: FieldConfigOf<never>; targets: PrometheusQuery[] };
export type TextPanel = PanelBase & { type: 'text'; options: Json<sdkText.Options> };
export type RowPanel = Json<sdk.RowPanel>;

export type Panel = StatPanel | TimeseriesPanel | TablePanel | BarGaugePanel | TextPanel;

/** A whole dashboard: the SDK's Dashboard with panels narrowed to the typed panels above. */
export type Dashboard = Omit<Json<sdk.Dashboard>, 'panels'> & { panels: (Panel | RowPanel)[] };

