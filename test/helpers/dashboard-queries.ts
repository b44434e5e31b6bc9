/** The parts of a Grafana dashboard's JSON the infra tests read. */
export interface PanelJson {
  readonly type: string;
  readonly title: string;
  readonly datasource?: { readonly uid?: string };
  readonly fieldConfig?: { readonly defaults?: { readonly unit?: string } };
  readonly targets?: readonly { readonly expr?: string; readonly refId?: string }[];
  readonly panels?: readonly PanelJson[];
}

export interface DashboardQuery {
  readonly panel: string;
  readonly refId: string;
  readonly expr: string;
}

/** Every PromQL query of every panel, rows' nested panels included. */
export function dashboardQueries(dashboard: {
  readonly panels: readonly PanelJson[];
}): DashboardQuery[] {
  const flat = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
  return flat.flatMap((panel) =>
    (panel.targets ?? [])
      .filter((target) => target.expr)
      .map((target) => ({
        panel: panel.title,
        refId: target.refId ?? '',
        expr: target.expr as string,
      })),
  );
}

/**
 * The query as Grafana sends it with every variable on "All" (`.*`), `$__rate_interval` and
 * `$__range` replaced by `rate` and `range`.
 */
export function substituteVariables(expr: string, rate = '1m', range = '1h'): string {
  return expr
    .replaceAll('$__rate_interval', rate)
    .replaceAll('$__range', range)
    .replace(/\$\{?(job|instance|route|model)\}?/g, '.*');
}
