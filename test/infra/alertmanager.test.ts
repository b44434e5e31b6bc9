import { join } from 'node:path';
import { expect } from 'chai';
import { INFRA, readYaml } from '../helpers/infra-files';
import { requireBinary } from '../helpers/require-binary';
import { runTool } from '../helpers/run-tool';

const CONFIG = join(INFRA, 'alertmanager', 'alertmanager.yml');

/** The receiver amtool routes an alert with these labels to. */
function receiverFor(...labels: string[]): string {
  const result = runTool('amtool', [
    'config',
    'routes',
    'test',
    `--config.file=${CONFIG}`,
    ...labels,
  ]);
  expect(result.status, result.output).to.equal(0);
  return result.output.split('\n').find((line) => line && !line.startsWith('Warning')) ?? '';
}

describe('infra/alertmanager/alertmanager.yml', () => {
  describe('with amtool', () => {
    before(function () {
      requireBinary(this, 'amtool');
    });

    it('amtool check-config should accept it', () => {
      const result = runTool('amtool', ['check-config', CONFIG]);
      expect(result.status, result.output).to.equal(0);
    });

    it("should send the always-firing Watchdog to the dead man's switch, never to a person", () => {
      expect(receiverFor('alertname=Watchdog', 'severity=none')).to.equal('watchdog');
    });

    it('should page for critical alerts and open a ticket for warnings', () => {
      expect(receiverFor('alertname=HighErrorRate', 'severity=critical', 'job=rag')).to.equal(
        'page',
      );
      expect(receiverFor('alertname=LowCacheHitRate', 'severity=warning', 'job=rag')).to.equal(
        'ticket',
      );
    });
  });

  it('should inhibit a warning while the critical alert of the same name and job fires', () => {
    const config = readYaml<{
      inhibit_rules: { source_matchers: string[]; target_matchers: string[]; equal?: string[] }[];
    }>(CONFIG);
    expect(config.inhibit_rules).to.deep.include({
      source_matchers: ['severity="critical"'],
      target_matchers: ['severity="warning"'],
      equal: ['alertname', 'job'],
    });
  });
});
