import { parseScrape, type Scrape } from '../../sample-app/view/scrape';
import { listen } from '../helpers/server';

export interface RecordingTarget {
  /** host:port for Prometheus' `static_configs`. */
  readonly host: string;
  /** Every scrape Prometheus took so far, in order, as the demo's view parses them. */
  readonly scrapes: readonly Scrape[];
  close(): Promise<void>;
}

/**
 * A scrape target in front of the app's `/metrics`: it reads the app's exposition, keeps it, and
 * answers it with every sample stamped with the millisecond it was read. Prometheus (which honours
 * exposition timestamps) then stores exactly the scrapes the test hands to the view, at exactly
 * their times, so both compute over the same two readings.
 */
export async function startRecordingTarget(metricsUrl: string): Promise<RecordingTarget> {
  const scrapes: Scrape[] = [];
  const server = await listen((_req, res) => {
    fetch(metricsUrl)
      .then((response) => response.text())
      .then((text) => {
        const at = Date.now();
        scrapes.push(parseScrape(text, at));
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(text.replace(/^([^#\n].*)$/gm, `$1 ${at}`));
      })
      .catch((err: unknown) => {
        res.writeHead(502);
        res.end(String(err));
      });
  });
  return { host: new URL(server.url).host, scrapes, close: server.close };
}
