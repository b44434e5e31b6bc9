/**
 * The orders in which a round loads `n` variants: a balanced Latin square (Williams design). Over
 * one cycle of the orders, every variant takes every position equally often and follows every other
 * variant equally often. On this machine the variant loaded right after the baseline came out 3-5 %
 * ahead whichever build it was (BENCHMARKS.md, issue 14): a fixed order, or its alternation with the
 * reverse, gives that edge to one variant; these orders share it out. `n` orders when `n` is even,
 * `2n` (each followed by its reverse) when it is odd.
 */
export function roundOrders(n: number): number[][] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`roundOrders() needs n >= 1, got ${n}`);
  // First row 0, 1, n-1, 2, n-2, …; row r adds r to each entry, mod n.
  const firstRow = [0];
  for (let low = 1, high = n - 1; firstRow.length < n; ) {
    firstRow.push(firstRow.length % 2 === 1 ? low++ : high--);
  }
  const rows = Array.from({ length: n }, (_, r) => firstRow.map((v) => (v + r) % n));
  return n % 2 === 0 ? rows : [...rows, ...rows.map((row) => [...row].reverse())];
}
