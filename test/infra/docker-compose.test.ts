import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { INFRA, readYaml } from '../helpers/infra-files';
import { requireBinary } from '../helpers/require-binary';
import { runTool } from '../helpers/run-tool';

const COMPOSE = join(INFRA, 'docker-compose.yml');

interface Service {
  image: string;
  ports: string[];
  volumes: string[];
  environment?: Record<string, string>;
}
const services = readYaml<{ services: Record<string, Service> }>(COMPOSE).services;

describe('infra/docker-compose.yml', () => {
  describe('with docker-compose', () => {
    before(function () {
      requireBinary(this, 'docker-compose');
    });

    // `config` validates and resolves the file without a Docker engine.
    it('docker-compose config -q should accept it', () => {
      const result = runTool('docker-compose', ['-f', COMPOSE, 'config', '-q']);
      expect(result.status, result.output).to.equal(0);
    });
  });

  it('should publish Prometheus on 9090, Alertmanager on 9093 and Grafana on 3000', () => {
    expect(services.prometheus?.ports).to.deep.equal(['9090:9090']);
    expect(services.alertmanager?.ports).to.deep.equal(['9093:9093']);
    expect(services.grafana?.ports).to.deep.equal(['3000:3000']);
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
