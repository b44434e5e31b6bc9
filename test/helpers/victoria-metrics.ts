import { join } from 'node:path';
import { freePort, type SpawnedService, spawnService } from './spawned-service';

/** A real single-node VictoriaMetrics on a free loopback port, storing under `dir`. */
export async function startVictoriaMetrics(dir: string): Promise<SpawnedService> {
  const port = await freePort();
  return spawnService(
    'victoria-metrics',
    [
      `-httpListenAddr=127.0.0.1:${port}`,
      `-storageDataPath=${join(dir, 'victoria-metrics')}`,
      // Without this, the newest 30 s are hidden from queries.
      '-search.latencyOffset=0s',
      '-retentionPeriod=1d',
      '-loggerLevel=ERROR',
    ],
    `http://127.0.0.1:${port}`,
    '/health',
  );
}

/**
 * A real vmalert evaluating `ruleFiles` every second against VictoriaMetrics at `storeUrl`,
 * writing its recorded series and alert states back to it and notifying `alertmanagerUrl`.
 */
export async function startVmalert(
  ruleFiles: readonly string[],
  storeUrl: string,
  alertmanagerUrl: string,
): Promise<SpawnedService> {
  const port = await freePort();
  return spawnService(
    'vmalert',
    [
      ...ruleFiles.map((file) => `-rule=${file}`),
      `-datasource.url=${storeUrl}`,
      `-remoteWrite.url=${storeUrl}`,
      `-remoteRead.url=${storeUrl}`,
      `-notifier.url=${alertmanagerUrl}`,
      '-evaluationInterval=1s',
      `-httpListenAddr=127.0.0.1:${port}`,
      '-loggerLevel=ERROR',
    ],
    `http://127.0.0.1:${port}`,
    '/health',
  );
}
