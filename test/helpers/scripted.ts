// A scripted turn pipeline for one live conversation: a single stage that answers every turn with the actions a
// test gives it, and configuration overrides (button campaigns, chat facts). Lost on eviction: set it again.
import { runInDurableObject } from "cloudflare:test";
import { CHAT_EVENTS, CHAT_FACT_ATTRIBUTES, type Config } from "../../src/config";
import type { Conversation } from "../../src/conversation/conversation";
import type { Language } from "../../src/i18n/languages";
import type { TurnAction, TurnMessage } from "../../src/pipeline/types";
import { conversation } from "./conversation";

export const BUTTON_CAMPAIGNS = { 1: "campaign-buttons-1", 2: "campaign-buttons-2", 3: "campaign-buttons-3" } as const;

/** Every chat fact and event on (the test bindings turn them off). */
export const ALL_CHAT_FACTS: Config["profile"] = {
  attributes: new Set(CHAT_FACT_ATTRIBUTES),
  events: new Set(CHAT_EVENTS),
};

export interface Script {
  /** The actions after the turn's messages are settled as answered (return [] to answer nothing). */
  answer: (last: TurnMessage, language: Language) => TurnAction[];
  config?: (config: Config) => Partial<Config>;
}

export async function useScript(name: string, script: Script): Promise<void> {
  await runInDurableObject(conversation(name), (instance: Conversation) => {
    const config = { ...instance.deps.config, sendSpacingMs: 0 };
    instance.deps = {
      ...instance.deps,
      config: { ...config, ...script.config?.(config) },
      stages: [
        {
          name: "test-script",
          run: (turn) => {
            const last = turn.messages.at(-1);
            if (!last) return { kind: "pass" };
            return {
              kind: "stop",
              actions: [
                { type: "settle", seqs: turn.messages.map((m) => m.seq), outcome: "answered" },
                ...script.answer(last, turn.view.language),
              ],
            };
          },
        },
      ],
    };
  });
}

/** The configuration with all three button campaigns (or the given ones). */
export function withButtonCampaigns(ids: Config["braze"]["buttonCampaignIds"] = BUTTON_CAMPAIGNS) {
  return (config: Config): Partial<Config> => ({ braze: { ...config.braze, buttonCampaignIds: ids } });
}
