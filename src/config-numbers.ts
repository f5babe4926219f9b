// Numeric configuration values, with errors that say what is allowed. Kept apart from config.ts (already long).
// Why: zod applies a schema-level message to every issue of that schema, so `MAX_TURNS_PER_MINUTE=1000` used
// to say "must be a number" when the real problem was the limit (600). Every issue now names the range.
import { z } from "zod";

/** A whole number in [min, max]; the value may come as a string (wrangler vars and secrets) or a number. */
export const wholeNumberIn = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

/** A share (0..1), e.g. a confidence threshold; unset = `fallback`. */
export const shareOf = (fallback: number) => {
  const error = "must be a number from 0 to 1";
  return z.coerce.number({ error }).min(0, { error }).max(1, { error }).default(fallback);
};
