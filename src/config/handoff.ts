// Live-agent handoff (docs/handoff.md): when the bot hands a conversation to a person, what a waiting customer
// is told, and how agents sign in to the inbox: Cloudflare Access, per-agent tokens, or (local sink only) a demo.
import { z } from "zod";
import { MIN_SECRET_LENGTH, splitAgentTokens, type UsableSecrets } from "../security/secret-strength";
import { list, requireVariable, wholeNumberIn } from "./fields";

/**
 * AGENT_TOKENS: "alice:token,bob:token"; ids name the agent in the inbox. A malformed entry or a repeated id is
 * an error here; a weak or reused token is not (src/security/secret-strength.ts ignores it with a warning).
 */
const agentTokens = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const tokens = splitAgentTokens(value);
    for (const [index, { id }] of tokens.entries()) {
      if (!/^[A-Za-z0-9._@-]{1,64}$/.test(id)) {
        // Never echo the entry: it holds a secret.
        ctx.addIssue({
          code: "custom",
          message: `entry ${index + 1} must be "<agent id>:<token>" (id: letters, digits, . _ @ -; token: ${MIN_SECRET_LENGTH}+ characters, no spaces)`,
        });
        return z.NEVER;
      }
      if (tokens.findIndex((t) => t.id === id) !== index) {
        ctx.addIssue({ code: "custom", message: `agent id "${id}" is listed twice` });
        return z.NEVER;
      }
    }
    return tokens;
  });

const accessTeamDomain = z
  .string()
  .trim()
  .optional()
  .transform((value) =>
    value
      ? value
          .replace(/^https:\/\//i, "")
          .replace(/\/+$/, "")
          .toLowerCase()
      : undefined,
  )
  .refine((value) => value === undefined || /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(value), {
    message: "must be your Cloudflare Access team domain, e.g. myteam.cloudflareaccess.com",
  });

export const handoffVariables = z.object({
  HANDOFF_KEYWORDS: list(),
  AGENT_TOKENS: agentTokens,
  ACCESS_TEAM_DOMAIN: accessTeamDomain,
  ACCESS_AUD: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined),
  HANDOFF_AFTER_UNHELPFUL_TURNS: wholeNumberIn(0, 20).default(2),
  HANDOFF_UNCLAIMED_NOTICE_MS: wholeNumberIn(0, 86_400_000).default(600_000),
});
type HandoffVariables = z.output<typeof handoffVariables>;

/** Cloudflare Access needs both halves: a team domain without an audience (or the reverse) verifies nothing. */
export function checkHandoff(env: HandoffVariables, ctx: z.RefinementCtx): void {
  if (Boolean(env.ACCESS_TEAM_DOMAIN) === Boolean(env.ACCESS_AUD)) return;
  requireVariable(
    ctx,
    env.ACCESS_TEAM_DOMAIN ? "ACCESS_AUD" : "ACCESS_TEAM_DOMAIN",
    "is required with the other: Cloudflare Access needs both the team domain and the application audience",
  );
}

export function handoffSettings(env: HandoffVariables) {
  return {
    /** Extra whole-message keywords that ask for a person, on top of src/i18n/agent-keywords.ts. */
    keywords: env.HANDOFF_KEYWORDS,
    /** Hand off after this many consecutive turns the bot could not help with (0 = never). */
    afterUnhelpfulTurns: env.HANDOFF_AFTER_UNHELPFUL_TURNS,
    /** Tell a waiting customer once if nobody claimed the conversation within this time. */
    unclaimedNoticeMs: env.HANDOFF_UNCLAIMED_NOTICE_MS,
  };
}

/** `accepted`: the agent tokens left after secret-strength.ts dropped the weak or reused ones. */
export function agentAuthSettings(env: HandoffVariables, accepted: Pick<UsableSecrets, "agentTokens">) {
  const { ACCESS_TEAM_DOMAIN: teamDomain, ACCESS_AUD: audience } = env;
  return {
    access: teamDomain && audience ? { teamDomain, audience } : undefined,
    tokens: accepted.agentTokens,
  };
}
