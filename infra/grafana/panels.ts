import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/** Every panel reads the data source picked in the `datasource` template variable. */
export const DATASOURCE = { type: 'prometheus', uid: '$datasource' };

export interface Query {
  readonly expr: string;
  readonly legend?: string;
  /** An instant query: one value per series for the whole range (stats, bar gauges, tables). */
  readonly instant?: boolean;
  /** Show the exemplars of the query's histogram buckets (trace ids; docs/tracing.md). */
  readonly exemplar?: boolean;
}

const REF_IDS = 'ABCDEFGH';

/**
 * Instant queries come back as one frame per series (time_series format), so a stat or bar gauge
 * shows one value per series under its legend. Only a table wants them as one table frame:
 * reduced, that frame is a single value (one bar for every model together).
 */
function targets(
  queries: readonly Query[],
  instantFormat = prometheus.PromQueryFormat.TimeSeries,
): prometheus.DataqueryBuilder[] {
  return queries.map((query, i) => {
    const target = new prometheus.DataqueryBuilder()
      .refId(REF_IDS[i] ?? `Q${i}`)
      .expr(query.expr)
      .legendFormat(query.legend ?? '__auto')
      .editorMode(prometheus.QueryEditorMode.Code);
    if (query.exemplar) target.exemplar(true);
    return query.instant ? target.instant().format(instantFormat) : target.range();
  });
}

/** Green below the first step, then each [value, colour]. */
export function steps(...levels: [number, string][]): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps([
      { value: null, color: 'green' },
      ...levels.map(([value, color]) => ({ value, color })),
    ]);
}

/** Red below the first step, then each [value, colour]: for "higher is better" values. */
export function stepsUp(...levels: [number, string][]): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps([{ value: null, color: 'red' }, ...levels.map(([value, color]) => ({ value, color }))]);
}

export interface PanelSpec {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  readonly queries: readonly Query[];
  readonly thresholds?: dashboard.ThresholdsConfigBuilder;
  readonly min?: number;
  readonly max?: number;
  readonly decimals?: number;
  readonly width?: number;
  readonly height?: number;
}

/** A time series; thresholds, when set, are drawn as dashed lines. */
export function timeSeries(
  spec: PanelSpec & { stacked?: boolean; bars?: boolean },
): cog.Builder<dashboard.Panel> {
  const panel = new timeseries.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE)
    .unit(spec.unit)
    .span(spec.width ?? 12)
    .height(spec.height ?? 8)
    .fillOpacity(spec.stacked ? 30 : 10)
    .lineWidth(1)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Bottom)
        .calcs(['mean', 'max', 'lastNotNull']),
    )
    .tooltip(
      new common.VizTooltipOptionsBuilder()
        .mode(common.TooltipDisplayMode.Multi)
        .sort(common.SortOrder.Descending),
    );
  for (const target of targets(spec.queries)) panel.withTarget(target);
  if (spec.thresholds) {
    panel
      .thresholds(spec.thresholds)
      .thresholdsStyle(
        new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed),
      );
  }
  if (spec.min !== undefined) panel.min(spec.min);
  if (spec.max !== undefined) panel.max(spec.max);
  if (spec.decimals !== undefined) panel.decimals(spec.decimals);
  if (spec.stacked) {
    panel.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
  }
  if (spec.bars) panel.drawStyle(common.GraphDrawStyle.Bars);
  return panel;
}

/**
 * One big number, coloured by its thresholds. `timeFrom` overrides the dashboard's range;
 * `mappings` show a value as text (1 → "Within SLO").
 */
export function singleStat(
  spec: PanelSpec & { timeFrom?: string; mappings?: dashboard.ValueMapping[] },
): cog.Builder<dashboard.Panel> {
  const panel = new stat.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE)
    .unit(spec.unit)
    .span(spec.width ?? 4)
    .height(spec.height ?? 4)
    .colorMode(common.BigValueColorMode.Value)
    .graphMode(common.BigValueGraphMode.Area)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .thresholds(spec.thresholds ?? steps());
  for (const target of targets(spec.queries)) panel.withTarget(target);
  if (spec.timeFrom) panel.timeFrom(spec.timeFrom);
  if (spec.mappings) panel.mappings(spec.mappings);
  if (spec.min !== undefined) panel.min(spec.min);
  if (spec.max !== undefined) panel.max(spec.max);
  return panel;
}

/** Horizontal bars, one per series: shares such as spend per model. */
export function bars(spec: PanelSpec & { timeFrom?: string }): cog.Builder<dashboard.Panel> {
  const panel = new bargauge.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE)
    .unit(spec.unit)
    .span(spec.width ?? 12)
    .height(spec.height ?? 8)
    .orientation(common.VizOrientation.Horizontal)
    .displayMode(common.BarGaugeDisplayMode.Gradient)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .thresholds(spec.thresholds ?? steps());
  for (const target of targets(spec.queries)) panel.withTarget(target);
  if (spec.timeFrom) panel.timeFrom(spec.timeFrom);
  return panel;
}

/** A table of an instant query's labels, e.g. which version runs where. */
export function labelTable(spec: PanelSpec): cog.Builder<dashboard.Panel> {
  const panel = new table.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE)
    .unit(spec.unit)
    .span(spec.width ?? 12)
    .height(spec.height ?? 8)
    .withTransformation({
      id: 'organize',
      options: { excludeByName: { Time: true, Value: true } },
    });
  for (const target of targets(spec.queries, prometheus.PromQueryFormat.Table)) {
    panel.withTarget(target);
  }
  return panel;
}
