// Which model answers: the offline provider, Workers AI (the AI binding or its REST API) or an OpenAI-compatible
// API, optionally through Cloudflare AI Gateway. Only src/ai/ calls a model; this says which one and where.
import { z } from "zod";
import { optionalSecret, requireVariable, serviceUrl } from "./fields";

/** Workers AI's default model: a fast, instruction-tuned one that supports JSON mode. */
export const DEFAULT_WORKERS_AI_MODEL = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";

export const aiVariables = z.object({
  AI_PROVIDER: z.enum(["offline", "workers-ai", "openai"], {
    message: 'must be "offline", "workers-ai" or "openai"',
  }),
  AI_MODEL: z.string().trim().min(1).optional(),
  OPENAI_BASE_URL: serviceUrl("https://api.openai.com/v1").optional(),
  OPENAI_API_KEY: optionalSecret,
  AI_GATEWAY_ID: z
    .string()
    .trim()
    .regex(/^[\w-]{1,64}$/, "must be an AI Gateway id (letters, digits, - and _)")
    .optional(),
  AI_GATEWAY_TOKEN: optionalSecret,
  CLOUDFLARE_ACCOUNT_ID: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{32}$/, "must be a 32-character account id")
    .optional(),
  CLOUDFLARE_API_TOKEN: optionalSecret,
});
type AiVariables = z.output<typeof aiVariables>;

/** The gateway URL holds the account id; the OpenAI provider needs a base URL (or a gateway) and a model name. */
export function checkAi(env: AiVariables, ctx: z.RefinementCtx): void {
  if (env.AI_GATEWAY_ID && env.AI_PROVIDER === "openai" && !env.CLOUDFLARE_ACCOUNT_ID) {
    requireVariable(
      ctx,
      "CLOUDFLARE_ACCOUNT_ID",
      "is required with AI_GATEWAY_ID and AI_PROVIDER=openai (the gateway URL contains it)",
    );
  }
  if (env.AI_PROVIDER !== "openai") return;
  if (!env.OPENAI_BASE_URL && !env.AI_GATEWAY_ID) {
    requireVariable(
      ctx,
      "OPENAI_BASE_URL",
      "is required with AI_PROVIDER=openai (the chat-completions API base, e.g. https://api.openai.com/v1)",
    );
  }
  if (!env.AI_MODEL) requireVariable(ctx, "AI_MODEL", "is required with AI_PROVIDER=openai");
}

export function aiSettings(env: AiVariables) {
  /** Cloudflare AI Gateway in front of the model (AI_GATEWAY_ID); absent = direct. */
  const gateway = env.AI_GATEWAY_ID
    ? {
        id: env.AI_GATEWAY_ID,
        accountId: env.CLOUDFLARE_ACCOUNT_ID,
        /** For an authenticated gateway: sent as cf-aig-authorization. */
        token: env.AI_GATEWAY_TOKEN,
      }
    : undefined;
  switch (env.AI_PROVIDER) {
    case "offline":
      return { provider: "offline" as const };
    case "workers-ai":
      return {
        provider: "workers-ai" as const,
        model: env.AI_MODEL ?? DEFAULT_WORKERS_AI_MODEL,
        gateway,
        /** REST instead of the AI binding (evaluation from a laptop): both set, or neither. */
        rest:
          env.CLOUDFLARE_ACCOUNT_ID && env.CLOUDFLARE_API_TOKEN
            ? { accountId: env.CLOUDFLARE_ACCOUNT_ID, apiToken: env.CLOUDFLARE_API_TOKEN }
            : undefined,
      };
    case "openai":
      return {
        provider: "openai" as const,
        // Through the gateway, its OpenAI endpoint replaces the base URL (developers.cloudflare.com/ai-gateway/providers/openai/).
        baseUrl:
          gateway?.accountId !== undefined
            ? `https://gateway.ai.cloudflare.com/v1/${gateway.accountId}/${gateway.id}/openai`
            : (env.OPENAI_BASE_URL ?? ""),
        apiKey: env.OPENAI_API_KEY,
        model: env.AI_MODEL ?? "",
        gateway,
      };
  }
}
