// Picks the ChatModel named by AI_PROVIDER: the offline one, Workers AI (the `AI` binding, or its REST API
// with an account id and token), or any OpenAI-compatible chat-completions API; either one optionally through
// Cloudflare AI Gateway (AI_GATEWAY_ID).
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { createWorkersAI } from "workers-ai-provider";
import { type Config, ConfigError } from "../config";
import { AiSdkModel } from "./ai-sdk-model";
import type { ChatModel } from "./model";
import { OfflineModel } from "./offline-model";

export interface CreateModelOptions {
  /** The fetch the OpenAI-compatible (and Workers AI REST) provider uses; tests inject a fake server here. */
  fetch?: typeof fetch;
}

/** `env.AI` is optional here because a deploy may lack the `[ai]` binding; that is a configuration error. */
export function createModel(config: Config, env: { AI?: Ai }, options: CreateModelOptions = {}): ChatModel {
  const ai = config.ai;
  const { persona } = config.brain;
  switch (ai.provider) {
    case "offline":
      return new OfflineModel(config.modelContextTokens, persona);
    case "workers-ai": {
      const gateway = ai.gateway ? { gateway: { id: ai.gateway.id } } : {};
      const workersAi = ai.rest
        ? createWorkersAI({
            accountId: ai.rest.accountId,
            apiKey: ai.rest.apiToken,
            ...gateway,
            ...(options.fetch ? { fetch: options.fetch } : {}),
          })
        : createWorkersAI({ binding: requireBinding(env), ...gateway });
      return new AiSdkModel(workersAi(ai.model), `workers-ai:${ai.model}`, config.modelContextTokens, persona);
    }
    case "openai": {
      const token = ai.gateway?.token;
      const provider = createOpenAICompatible({
        name: "openai",
        baseURL: ai.baseUrl,
        apiKey: ai.apiKey,
        ...(token ? { headers: { "cf-aig-authorization": `Bearer ${token}` } } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      return new AiSdkModel(provider.chatModel(ai.model), `openai:${ai.model}`, config.modelContextTokens, persona);
    }
  }
}

function requireBinding(env: { AI?: Ai }): Ai {
  if (!env.AI) {
    throw new ConfigError([
      'AI binding is required with AI_PROVIDER=workers-ai (add [ai] binding = "AI" to wrangler.toml, or set CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN for the REST API)',
    ]);
  }
  return env.AI;
}
