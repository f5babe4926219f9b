// A small seeded pseudo-random generator (mulberry32), so a soak run with the same --seed draws the same faults
// and the same message plan. Independent streams per purpose keep one change from shifting every other draw.

/** () => number in [0, 1), fully determined by the 32-bit seed. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stream for one purpose ("braze", "model", "plan"...) derived from the run's seed. */
export function streamFor(seed, purpose) {
  let hash = seed >>> 0;
  for (const char of purpose) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return seededRandom(hash);
}
