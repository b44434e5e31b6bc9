import { expect } from 'chai';
import { METRIC_NAMES } from '../../lib/metric-names';
import { METRIC_TYPES } from '../helpers/metric-contract';

describe('infra metric contract (test/helpers/metric-contract.ts)', () => {
  it('should list exactly the metric names lib/metric-names.ts exports', () => {
    expect(Object.keys(METRIC_TYPES).sort()).to.deep.equal(Object.values(METRIC_NAMES).sort());
  });
});
