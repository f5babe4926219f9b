// The `offline` provider: deterministic, no network. Answers from the knowledge file when a question matches
// an entry well enough, otherwise says it has no answer. The default locally and in tests.
import { text } from "../i18n/texts";
import { bestMatch, type KnowledgeEntry, shopKnowledge } from "./knowledge";
import type { ChatModel, ModelInput, ModelReply } from "./model";

/** Below this share of matched question words the offline model admits it does not know. */
export const OFFLINE_MIN_SCORE = 0.34;

export class OfflineModel implements ChatModel {
  readonly name = "offline";

  constructor(private readonly entries: KnowledgeEntry[] = shopKnowledge()) {}

  async reply(input: ModelInput): Promise<ModelReply> {
    const question = input.messages.join("\n");
    const match = bestMatch(this.entries, question);
    if (!match || match.score < OFFLINE_MIN_SCORE) return { text: text("noAnswer", input.language) };
    return { text: match.entry.body };
  }
}
