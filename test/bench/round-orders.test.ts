import { expect } from 'chai';
import { roundOrders } from '../../bench/lib/round-orders';

/** How often each ordered pair (a right before b) occurs within the orders. */
function successions(orders: number[][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const order of orders) {
    for (let i = 1; i < order.length; i++) {
      const key = `${order[i - 1]}>${order[i]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

describe('bench round orders (balanced Latin square)', () => {
  it('should give the Williams square for 4 variants', () => {
    expect(roundOrders(4)).to.deep.equal([
      [0, 1, 3, 2],
      [1, 2, 0, 3],
      [2, 3, 1, 0],
      [3, 0, 2, 1],
    ]);
  });

  for (const n of [2, 3, 4, 5, 6]) {
    it(`should put each of ${n} variants in each position, and after each other, equally often`, () => {
      const orders = roundOrders(n);
      expect(orders).to.have.length(n % 2 === 0 ? n : 2 * n);
      const perPosition = orders.length / n;
      for (let position = 0; position < n; position++) {
        const column = orders.map((order) => order[position]);
        for (let v = 0; v < n; v++) {
          expect(
            column.filter((x) => x === v),
            `variant ${v} at ${position}`,
          ).to.have.length(perPosition);
        }
      }
      const pairs = successions(orders);
      expect(pairs.size).to.equal(n * (n - 1));
      expect(new Set(pairs.values())).to.deep.equal(new Set([n % 2 === 0 ? 1 : 2]));
    });
  }

  it('should reject a count that is not a positive integer', () => {
    expect(() => roundOrders(0)).to.throw(RangeError, 'roundOrders() needs n >= 1, got 0');
  });
});
