import { get } from 'node:http';
import { expect } from 'chai';
import express5, { type Router } from 'express';
import express4 from 'express4';
import fc from 'fast-check';
import { ragMetrics } from '../../adapters/express';
import { METRIC_NAMES } from '../../lib/metric-names';
import { scrape } from '../helpers/scrape';
import { listen } from '../helpers/server';

/** One path segment of a definition: a literal word or a parameter. */
type Segment = { readonly literal: string } | { readonly param: string };

/** A router or sub-app mounted at `mount`, with routes of its own and children mounted in it. */
interface Tree {
  readonly subApp: boolean;
  readonly mount: readonly Segment[];
  readonly routes: readonly (readonly Segment[])[];
  readonly children: readonly Tree[];
}

// Literals and parameter values come from the same words, so a URL can hold a value that is also
// a literal elsewhere in the tree: the label must still be the definition, never the URL text.
const WORDS = ['a', 'b', 'docs', 'v1'] as const;
const segment: fc.Arbitrary<Segment> = fc.oneof(
  fc.constantFrom(...WORDS).map((literal) => ({ literal })),
  fc.constantFrom('id', 'tenant', 'org').map((param) => ({ param })),
);
const path = (min: number) => fc.array(segment, { minLength: min, maxLength: 2 });

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.record({
    subApp: fc.boolean(),
    mount: path(1),
    routes: fc.array(path(1), { maxLength: 2 }),
    // At most three levels of mounts under each top mount: deep enough for nested parameter mounts.
    children: fc.oneof(
      { maxDepth: 3, depthIdentifier: 'tree' },
      fc.constant([]),
      fc.array(tie('tree'), { maxLength: 2, depthIdentifier: 'tree' }),
    ),
  }),
})).tree;

/** A URL for a definition: parameters get a word, literals a random case (routing ignores case). */
const urlFor = (segments: readonly Segment[], seed: number): string =>
  segments
    .map((s, i) => {
      const word = 'literal' in s ? s.literal : (WORDS[(seed + i) % WORDS.length] as string);
      return `/${(seed + i) % 3 === 0 ? word.toUpperCase() : word}`;
    })
    .join('');

const template = (segments: readonly Segment[]): string =>
  segments.map((s, i) => ('literal' in s ? `/${s.literal}` : `/:${s.param}${i}`)).join('');

interface Leaf {
  readonly definition: readonly Segment[];
  readonly template: string;
}

/** Builds the tree in `parent`; each route answers with its full template, the expected label. */
function build(
  express: typeof express5,
  parent: Router,
  node: Tree,
  prefix: string,
  at: readonly Segment[],
  leaves: Leaf[],
): void {
  const child = node.subApp ? express() : express.Router();
  const mountTemplate = prefix + template(node.mount);
  const here = [...at, ...node.mount];
  for (const route of node.routes) {
    const full = mountTemplate + template(route);
    (child as Router).get(template(route), (_req, res) => {
      res.send(full);
    });
    leaves.push({ definition: [...here, ...route], template: full });
  }
  for (const grandchild of node.children)
    build(express, child as Router, grandchild, mountTemplate, here, leaves);
  parent.use(template(node.mount), child);
}

async function answer(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

for (const { name, express } of [
  { name: 'Express 4', express: express4 as unknown as typeof express5 },
  { name: 'Express 5', express: express5 },
]) {
  describe(`${name}: route labels on random router trees (fast-check)`, () => {
    it('should label each request with the template of the route that answered it', async function () {
      // Generous: each run starts a server; the machine is shared.
      this.timeout(400_000);
      await fc.assert(
        fc.asyncProperty(
          fc.array(tree, { minLength: 1, maxLength: 3 }),
          fc.nat(),
          async (trees, seed) => {
            const app = express();
            app.use(
              // Room for every template a run defines: the label cap is not what is under test.
              ragMetrics({
                processMetrics: false,
                includeDefaultRegistry: false,
                maxLabelValues: 10_000,
              }),
            );
            const leaves: Leaf[] = [];
            for (const node of trees)
              build(express, app as unknown as Router, node, '', [], leaves);
            const server = await listen(app as never);
            const served = new Map<string, number>();
            try {
              for (const [i, leaf] of leaves.entries()) {
                const { status, body } = await answer(
                  server.url + urlFor(leaf.definition, seed + i),
                );
                // Another definition may answer first; the label must be whichever answered.
                if (status === 200) served.set(body, (served.get(body) ?? 0) + 1);
              }
            } finally {
              await server.close();
            }
            const metrics = await scrape(app as never);
            const labelled = new Map<string, number>();
            for (const labels of metrics.series(METRIC_NAMES.requests)) {
              if (labels.status_code !== '200') continue;
              labelled.set(
                labels.route as string,
                metrics.value(METRIC_NAMES.requests, labels) ?? 0,
              );
            }
            expect(Object.fromEntries(labelled)).to.deep.equal(Object.fromEntries(served));
          },
        ),
        { numRuns: 25 },
      );
    });
  });
}
