import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { INFRA, readYaml } from '../helpers/infra-files';
import { requireBinary } from '../helpers/require-binary';
import { runTool } from '../helpers/run-tool';

const COMPOSE = join(INFRA, 'docker-compose.yml');
const SCALE_OVERRIDE = join(INFRA, 'scale', 'docker-compose.yml');

/** Pairs of one service's mounts where a host folder mounted read-only would hold the other. */
function nestedMounts(files: readonly string[]): string[] {
  const result = runTool('docker-compose', [...files.flatMap((f) => ['-f', f]), 'config']);
  expect(result.status, result.output).to.equal(0);
  const resolved = parse(result.output) as { services: Record<string, { volumes?: string[] }> };
  const nested: string[] = [];
  for (const [name, service] of Object.entries(resolved.services)) {
    const binds = (service.volumes ?? [])
      .filter((v) => v.startsWith('/'))
      .map((v) => v.split(':')[1] ?? '');
    for (const outer of binds) {
      for (const inner of binds.filter((b) => b.startsWith(`${outer}/`))) {
        nested.push(`${name}: ${inner} inside ${outer}`);
      }
    }
  }
  return nested;
}

interface Service {
  image: string;
  command?: string[];
  ports: string[];
  volumes: string[];
  environment?: Record<string, string>;
}
const services = readYaml<{ services: Record<string, Service> }>(COMPOSE).services;

describe('infra/docker-compose.yml', () => {
  describe('with docker-compose', function () {
    // Each docker-compose run takes seconds (Python start-up), more on a loaded machine.
    this.timeout(120_000);
    before(function () {
      requireBinary(this, 'docker-compose');
    });

    // `config` validates and resolves the file without a Docker engine.
    it('docker-compose config -q should accept it', () => {
      const result = runTool('docker-compose', ['-f', COMPOSE, 'config', '-q']);
      expect(result.status, result.output).to.equal(0);
    });

    it('docker-compose config -q should accept it with the scale override', () => {
      const result = runTool('docker-compose', [
        '-f',
        COMPOSE,
        '-f',
        SCALE_OVERRIDE,
        'config',
        '-q',
      ]);
      expect(result.status, result.output).to.equal(0);
    });

    // A folder bind-mounted read-only cannot take a mount point inside it, and a folder mounted
    // over another mount's folder hides its files (the VictoriaMetrics data source used to hide
    // the Prometheus one).
    it('should mount no host path inside another, with or without the scale override', () => {
      expect(nestedMounts([COMPOSE])).to.deep.equal([]);
      expect(nestedMounts([COMPOSE, SCALE_OVERRIDE])).to.deep.equal([]);
    });
  });

  // Prometheus' lifecycle API (/-/quit), Alertmanager's silences and Grafana's admin/admin take no
  // authentication: reachable from this machine only.
  it('should publish Prometheus, Alertmanager, Grafana and the alert receiver on 127.0.0.1 only', () => {
    expect(services.prometheus?.ports).to.deep.equal(['127.0.0.1:9090:9090']);
    expect(services.alertmanager?.ports).to.deep.equal(['127.0.0.1:9093:9093']);
    expect(services.grafana?.ports).to.deep.equal(['127.0.0.1:3000:3000']);
    expect(services['alert-receiver']?.ports).to.deep.equal(['127.0.0.1:5001:5001']);
  });

  it('should give Prometheus and Alertmanager the external URL their alert links use', () => {
    expect(services.prometheus?.command).to.include('--web.external-url=http://localhost:9090/');
    expect(services.alertmanager?.command).to.include('--web.external-url=http://localhost:9093/');
    expect(services.grafana?.environment?.GF_SERVER_ROOT_URL).to.equal('http://localhost:3000/');
  });

  it('should have Prometheus scrape itself, Alertmanager and Grafana on the compose network', () => {
    const config = readYaml<{
      scrape_configs: { job_name: string; static_configs?: { targets: string[] }[] }[];
    }>(join(INFRA, 'prometheus', 'prometheus.yml'));
    const targets = Object.fromEntries(
      config.scrape_configs.map((c) => [c.job_name, c.static_configs?.flatMap((s) => s.targets)]),
    );
    expect(targets).to.deep.include({
      prometheus: ['localhost:9090'],
      alertmanager: ['alertmanager:9093'],
      grafana: ['grafana:3000'],
    });
    expect(Object.keys(services)).to.include.members(['alertmanager', 'grafana']);
  });

  it('should log Grafana in as admin/admin', () => {
    expect(services.grafana?.environment).to.include({
      GF_SECURITY_ADMIN_USER: 'admin',
      GF_SECURITY_ADMIN_PASSWORD: 'admin',
    });
  });

  it('should mount only folders of infra/ that exist', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes.filter((v) => v.startsWith('./'))) {
        const source = join(INFRA, volume.split(':')[0] ?? '');
        expect(existsSync(source), `${name} mounts missing ${source}`).to.equal(true);
      }
    }
  });
});
