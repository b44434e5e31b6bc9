import { Counter, Gauge } from 'prom-client';
import type { Exemplar } from './exemplar';
import type { Aggregator } from './series-family';

/** One sample line, in the shape prom-client's own metrics return from `get()`. */
export interface BridgedSample {
  readonly value: number;
  readonly labels: Readonly<Record<string, string | number | undefined>>;
  readonly metricName?: string;
  readonly exemplar?: Exemplar | null;
}

/** A metric's data in the shape prom-client's own metrics return from `get()`. */
export interface BridgedData {
  readonly help: string;
  /** What the registry writes after `# TYPE`: 'counter', 'gauge', 'histogram', 'summary'. */
  readonly type: string;
  readonly aggregator: Aggregator;
  readonly values: readonly BridgedSample[];
}

/** What a bridge reads at scrape time: a family, a view of one, or a metric read from a registry. */
export interface MetricSource {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly aggregator: Aggregator;
  get(): Promise<BridgedData>;
  reset(): void;
}

/** What prom-client's `get()` is typed to return. */
type PromClientData = Awaited<ReturnType<Gauge['get']>>;

/**
 * A prom-client metric that reads its data from `source` through prom-client's public API: a
 * registry takes it in `registerMetric()` and renders (or serialises to JSON) whatever its `get()`
 * returns. A counter source gets a `Counter`, so that an OpenMetrics registry names it as it names
 * its own counters (it renames the metric object in place, dropping `_total`, and the bridge reports
 * its current name); any other type gets a `Gauge`, whose `# TYPE` line comes from `get()`.
 * Updates never pass through the bridge: the source is read at scrape time only.
 */
export function bridgeOf(source: MetricSource): Counter | Gauge {
  return source.type === 'counter' ? new CounterBridge(source) : new GaugeBridge(source);
}

/** Whether `metric` is a bridge made by this package (any copy of it: the brand is a global symbol). */
export function isBridge(metric: unknown): boolean {
  return typeof metric === 'object' && metric !== null && BRIDGE in metric;
}

const BRIDGE = Symbol.for('rag-metrics.bridge');

class CounterBridge extends Counter {
  declare name: string;
  readonly [BRIDGE] = true;

  constructor(private readonly source: MetricSource) {
    super(configOf(source));
    renderThroughGet(this);
  }

  override async get(): Promise<PromClientData> {
    return dataOf(await this.source.get(), this.name);
  }

  override reset(): void {
    super.reset();
    // Undefined while prom-client's constructor runs (it calls reset() before `source` is set).
    this.source?.reset();
  }
}

class GaugeBridge extends Gauge {
  declare name: string;
  readonly [BRIDGE] = true;

  constructor(private readonly source: MetricSource) {
    super(configOf(source));
    renderThroughGet(this);
  }

  override async get(): Promise<PromClientData> {
    return dataOf(await this.source.get(), this.name);
  }

  override reset(): void {
    super.reset();
    this.source?.reset();
  }
}

function configOf(source: MetricSource) {
  return {
    name: source.name,
    // prom-client requires a help text; the rendered one is what `get()` returns.
    help: source.help || source.name,
    labelNames: [],
    // Registered by the caller, which decides what an earlier metric of the same name becomes.
    registers: [],
    aggregator: source.aggregator,
  };
}

/**
 * prom-client's typings declare `type` as the enum `MetricType`, which its JavaScript never
 * defines: its metrics return the strings this data carries, and its registry renders them.
 */
function dataOf(data: BridgedData, name: string): PromClientData {
  return { ...data, name } as unknown as PromClientData;
}

/**
 * Feature check. prom-client 15's registry renders a metric through its `getForPromString()` when
 * it has one (its histograms and summaries do) and through `get()` otherwise. Its Counter and Gauge
 * have none; should a release add one, it would read the base class's own, empty, series, so the
 * bridge points it at `get()` (test/core/registry-bridge.test.ts patches the prototype to check).
 */
function renderThroughGet(bridge: Counter | Gauge): void {
  if ('getForPromString' in bridge && typeof bridge.getForPromString === 'function') {
    bridge.getForPromString = () => bridge.get();
  }
}
