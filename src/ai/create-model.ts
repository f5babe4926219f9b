// Picks the ChatModel named by AI_PROVIDER: the offline one, Workers AI through the `AI` binding, or any
// OpenAI-compatible chat-completions API.
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { createWorkersAI } from "workers-ai-provider";
import { type Config, ConfigError } from "../config";
import { AiSdkModel } from "./ai-sdk-model";
import type { ChatModel } from "./model";
import { OfflineModel } from "./offline-model";

export interface CreateModelOptions {
  /** The fetch the OpenAI-compatible provider uses; tests inject a fake server here. */
  fetch?: typeof fetch;
}

/** `env.AI` is optional here because a deploy may lack the `[ai]` binding; that is a configuration error. */
export function createModel(config: Config, env: { AI?: Ai }, options: CreateModelOptions = {}): ChatModel {
  const ai = config.ai;
  switch (ai.provider) {
    case "offline":
      return new OfflineModel();
    case "workers-ai": {
      if (!env.AI) {
        throw new ConfigError([
          'AI binding is required with AI_PROVIDER=workers-ai (add [ai] binding = "AI" to wrangler.toml)',
        ]);
      }
      const workersAi = createWorkersAI({ binding: env.AI });
      return new AiSdkModel(workersAi(ai.model), `workers-ai:${ai.model}`, config.modelContextTokens);
    }
    case "openai": {
      const provider = createOpenAICompatible({
        name: "openai",
        baseURL: ai.baseUrl,
        apiKey: ai.apiKey,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      return new AiSdkModel(provider.chatModel(ai.model), `openai:${ai.model}`, config.modelContextTokens);
    }
  }
}
