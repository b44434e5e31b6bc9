import { HEADLINES, type HeadlineExpr, type HeadlineName } from '../../infra/grafana/headlines';
import { evaluate, type Vector } from './evaluate';
import type { Scrape } from './scrape';

export type Readings = { readonly [name in HeadlineName]: Vector };

/** The panels' `$__range`: the whole time range, which in the demo means since the app started. */
function overWholeRange(expr: HeadlineExpr): boolean {
  switch (expr.kind) {
    case 'sum':
      return expr.window === '$__range';
    case 'ratio':
      return overWholeRange(expr.numerator);
    case 'scaled':
      return overWholeRange(expr.expr);
    case 'quantile':
      return false;
  }
}

/**
 * Every headline of the dashboard: rates over the last two scrapes, and totals (`$__range`) from
 * `first`, a scrape taken when the app started, counting series born since then from 0.
 */
export function readHeadlines(previous: Scrape, latest: Scrape, first: Scrape): Readings {
  const names = Object.keys(HEADLINES) as HeadlineName[];
  return Object.fromEntries(
    names.map((name) => {
      const expr: HeadlineExpr = HEADLINES[name];
      const window = overWholeRange(expr)
        ? { before: first, after: latest, newSeriesFromZero: true }
        : { before: previous, after: latest };
      return [name, evaluate(expr, window)];
    }),
  ) as Readings;
}
