import { expect } from 'chai';
import type { VariantResult } from '../../bench/http/compare';
import { budgetVerdict } from '../../bench/lib/report';
import { medianInterval, spread } from '../../bench/lib/stats';

/** A variant whose per-round CPU ratios (bare ÷ instrumented) were `ratios`. */
function variantOf(ratios: readonly number[]): VariantResult {
  const cpu = spread(ratios.map((ratio) => 100 / ratio));
  return {
    variant: 'instrumented',
    requestsPerSecond: cpu,
    ratio: spread(ratios),
    cpuMicrosPerRequest: cpu,
    cpuRatio: spread(ratios),
    cpuRatioInterval: medianInterval(ratios),
    latencyP99Ms: cpu,
    non2xx: 0,
    errors: 0,
  };
}

/** `count` ratios spread evenly, ±`halfWidth`, around `centre`: a run of rounds with that noise. */
function rounds(centre: number, halfWidth: number, count: number): number[] {
  return Array.from(
    { length: count },
    (_, i) => centre - halfWidth + (2 * halfWidth * i) / (count - 1),
  );
}

describe('bench: the CPU budget verdict and its interval', () => {
  it('should give an interval of one point for rounds that all agree', () => {
    expect(medianInterval([0.97, 0.97, 0.97])).to.deep.equal({ low: 0.97, high: 0.97 });
  });

  it('should give an interval around the median that narrows as rounds are added', () => {
    const few = medianInterval(rounds(1, 0.2, 9));
    const many = medianInterval(rounds(1, 0.2, 241));
    expect(few.low).to.be.below(1);
    expect(few.high).to.be.above(1);
    expect(many.low).to.be.above(few.low);
    expect(many.high).to.be.below(few.high);
    expect(many.high - many.low).to.be.below((few.high - few.low) / 3);
  });

  it('should be the same interval every time for the same rounds (seeded resampling)', () => {
    const values = rounds(0.95, 0.3, 31);
    expect(medianInterval(values)).to.deep.equal(medianInterval(values));
  });

  it('should say yes when the whole interval is within +5 %', () => {
    expect(budgetVerdict(variantOf(rounds(0.975, 0.1, 241)))).to.equal('yes');
  });

  it('should say no when the whole interval is beyond +5 %', () => {
    expect(budgetVerdict(variantOf(rounds(0.9, 0.1, 241)))).to.equal('no');
  });

  it('should say not resolved when the interval straddles the budget', () => {
    expect(budgetVerdict(variantOf(rounds(0.955, 0.3, 9)))).to.equal('not resolved');
  });

  it('should fall back to the median for a result without an interval (older result files)', () => {
    const { cpuRatioInterval: _omitted, ...older } = variantOf(rounds(0.96, 0.3, 9));
    expect(budgetVerdict(older)).to.equal('yes');
  });
});
