// The zod building blocks every concern's variables are made of: numbers that name their range, service URLs,
// lists, optional secrets. Why one file: each rule reads the same way for every variable, so an operator's
// error always says what is allowed, and never echoes a value.
import { z } from "zod";

/** Hosts on which the local Braze sink and plain-http service endpoints are allowed. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || host.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** An https:// URL, or http:// on a loopback host (local fakes and tests). */
export function isServiceUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}

/** A service base URL (see isServiceUrl); trailing slashes are dropped. */
export const serviceUrl = (example: string) =>
  z
    .string()
    .trim()
    .refine(isServiceUrl, { message: `must be an https:// URL such as ${example} (http:// only on localhost)` })
    .transform((value) => value.replace(/\/+$/, ""));

/**
 * A whole number in [min, max]; the value may come as a string (wrangler vars and secrets) or a number. Every
 * issue names the range: a schema-level message would say "must be a number" when the real problem is the limit.
 */
export const wholeNumberIn = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

/** A share (0..1), e.g. a confidence threshold; unset = `fallback`. */
export const shareOf = (fallback: number) => {
  const error = "must be a number from 0 to 1";
  return z.coerce.number({ error }).min(0, { error }).max(1, { error }).default(fallback);
};

/** A non-blank id (a campaign, a subscription group), or unset. */
export const optionalId = () => z.string().trim().min(1).optional();

/** A secret that may be unset; blank counts as unset. */
export const optionalSecret = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value));

/** A comma- or newline-separated list (SILENT_KEYWORDS, HANDOFF_KEYWORDS...); blanks dropped. */
export const list = (separators: RegExp = /[,\n]/) =>
  z
    .string()
    .optional()
    .transform((value) =>
      (value ?? "")
        .split(separators)
        .map((k) => k.trim())
        .filter((k) => k !== ""),
    );

/** A comma-separated subset of `known`; unset = `defaults`, empty = none. An unknown name is an error. */
export const nameList = <T extends string>(known: readonly T[], defaults: readonly T[]) =>
  z
    .string()
    .optional()
    .transform((value, ctx): T[] => {
      if (value === undefined) return [...defaults];
      const names = value
        .split(/[,\s]+/)
        .map((name) => name.trim())
        .filter((name) => name !== "");
      const unknown = names.filter((name) => !isOneOf(known, name));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: "custom",
          message: `has unknown names ${unknown.join(", ")}; known: ${known.join(", ")}`,
        });
      }
      return [...new Set(names.filter((name) => isOneOf(known, name)))];
    });

function isOneOf<T extends string>(known: readonly T[], name: string): name is T {
  return (known as readonly string[]).includes(name);
}

/** A problem that spans variables (one needs another), reported under the variable to set. */
export function requireVariable(ctx: z.RefinementCtx, name: string, message: string): void {
  ctx.addIssue({ code: "custom", path: [name], message });
}
