// Who may call the Worker (WEBHOOK_TOKEN, its previous value, ADMIN_TOKEN) and the key that hashes customer keys
// in logs. Which tokens are strong and distinct enough to accept is src/security/secret-strength.ts's rule: a
// weak one is ignored with a warning there, never a configuration error here, so a deploy keeps answering.
import { z } from "zod";
import type { UsableSecrets } from "../security/secret-strength";
import { optionalSecret } from "./fields";

const WEBHOOK_TOKEN_REQUIRED = "is required (wrangler secret put WEBHOOK_TOKEN)";

export const tokenVariables = z.object({
  // Required, but a weak one is still used (secret-strength.ts): refusing it would drop every webhook.
  WEBHOOK_TOKEN: z.string({ error: WEBHOOK_TOKEN_REQUIRED }).min(1, { error: WEBHOOK_TOKEN_REQUIRED }),
  WEBHOOK_TOKEN_PREVIOUS: optionalSecret,
  ADMIN_TOKEN: optionalSecret,
  LOG_HMAC_KEY: optionalSecret,
});
type TokenVariables = z.output<typeof tokenVariables>;

/** `accepted`: the tokens left after secret-strength.ts dropped the weak or reused optional ones. */
export function tokenSettings(env: TokenVariables, accepted: Pick<UsableSecrets, "webhookTokens" | "adminToken">) {
  return {
    webhookTokens: accepted.webhookTokens,
    adminToken: accepted.adminToken,
    /** Key for HMAC-ing customer keys in logs; derived from WEBHOOK_TOKEN when LOG_HMAC_KEY is unset. */
    logHmacKey: env.LOG_HMAC_KEY ?? `log-key:${env.WEBHOOK_TOKEN}`,
  };
}
