// How long the fake Braze takes to answer a trigger/send, for the timeout simulation (bench/braze-timeout.mjs).
// Braze publishes no latency figures, so these are stated assumptions, chosen to be pessimistic about the tail:
//  - everyday: 96.9 % of answers in 50-300 ms, 2 % in 0.3-10 s, 1 % in 10-60 s, each log-uniform (equal weight
//    per decade: a long tail without a made-up peak), and 0.1 % never answered (Braze acted, the answer was lost:
//    no timeout can save those); independently, 1 % of calls are a clean 503 (Braze did nothing).
//  - slow spell: for the first `spellMs` every answer takes 30-120 s (log-uniform): a degraded Braze, slower than
//    any timeout the Worker allows for half of the calls (issue 13 saw answers after 60 s); afterwards the
//    everyday mix. Replies are queued during the spell.
// Braze acts on every request it received, whether or not the Worker still waits for the answer: nothing says
// that Braze cancels a trigger/send whose client hung up, so the duplicate count is an upper bound.

/** A number in [low, high) spread evenly over its logarithm. */
const logUniform = (random, low, high) => low * (high / low) ** random();

export const SCENARIOS = {
  everyday: {
    title: "everyday tail",
    describe: () =>
      "latency 96.9% 50-300 ms, 2% 0.3-10 s, 1% 10-60 s (each log-uniform), 0.1% never answered (Braze acted); " +
      "1% of calls a clean 503",
    arrival: (random, index) => index * 60_000 + random() * 60_000,
    latency: everydayLatency,
  },
  spell: {
    title: "slow spell",
    describe: (spellMs) =>
      `Braze answers every call in 30-120 s (log-uniform) for ${spellMs / 60_000} min, then the everyday mix; ` +
      "replies queued during the spell",
    arrival: (random, _index, spellMs) => random() * spellMs,
    latency: (random, at, spellMs) =>
      at < spellMs ? { ms: logUniform(random, 30_000, 120_000), status: 201 } : everydayLatency(random),
  },
};

/** { ms, status }: ms is Infinity for a call never answered (Braze acted on it within `actsAfterMs`). */
function everydayLatency(random) {
  const status = random() < 0.01 ? 503 : 201;
  const band = random();
  if (band < 0.969) return { ms: logUniform(random, 50, 300), status };
  if (band < 0.989) return { ms: logUniform(random, 300, 10_000), status };
  if (band < 0.999) return { ms: logUniform(random, 10_000, 60_000), status };
  return { ms: Number.POSITIVE_INFINITY, actsAfterMs: logUniform(random, 50, 300), status: 201 };
}

/** How many parts a reply has: most answers fit one WhatsApp message, a few are split (src/whatsapp). */
export function partsFor(random) {
  const r = random();
  return r < 0.8 ? 1 : r < 0.95 ? 2 : 3;
}
