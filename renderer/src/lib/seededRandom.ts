// mulberry32: a tiny seeded 32-bit generator. The canvas seeds fcose's random start with it (the
// same picture for the same graph every time), and the benchmarks' synthetic clusters draw from it.
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
