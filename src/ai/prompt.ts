// The prompt a real model sees, its estimated size always within the budget however long the conversation:
// the persona's instructions, then data sections (retrieved knowledge, profile fields, a summary of what came
// before), as much recent history as fits and, always, the customer's new messages, each between
// <customer_message> tags. Nothing reaches the prompt that is not in ModelInput.
import { DEFAULT_PERSONA, type Persona } from "../config";
import type { HistoryTurn } from "../conversation/history";
import type { ModelInput } from "./model";
import { canary, instructions } from "./persona";
import type { Passage } from "./retrieval";
import { capChars, capTokens, estimateTokens, MAX_MESSAGE_CHARS, MESSAGE_OVERHEAD_TOKENS } from "./tokens";

export { estimateTokens } from "./tokens";

export interface PromptMessage {
  role: "user" | "assistant";
  content: string;
}

export interface Prompt {
  system: string;
  messages: PromptMessage[];
  /** The instructions part of `system`, which a reply must never reproduce (src/ai/guardrails.ts). */
  instructions: string;
  canary: string;
}

/** Shares of the budget: retrieved passages, profile fields and the summary of older turns. */
const PASSAGES_SHARE = 0.4;
const PROFILE_MAX_TOKENS = 150;
export const SUMMARY_MAX_TOKENS = 300;

/**
 * The new messages as one user turn within `maxTokens`. Every message is shown: when they do not fit whole,
 * each is cut to the longest common length that fits; a burst too long for even that (hundreds of messages)
 * keeps its newest messages, which hold the customer's current question.
 */
function burstContent(messages: string[], maxTokens: number): string {
  const capped = messages.map((m) => capChars(m.trim(), MAX_MESSAGE_CHARS));
  const joinedAt = (limit: number) => capped.map((m) => capChars(m, limit)).join("\n");
  const whole = capped.join("\n");
  if (estimateTokens(whole) <= maxTokens) return whole;
  const MIN_SHARE = 40;
  let best: string | undefined;
  let low = MIN_SHARE;
  let high = MAX_MESSAGE_CHARS;
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    const candidate = joinedAt(mid);
    if (estimateTokens(candidate) <= maxTokens) {
      best = candidate;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return (
    best ??
    (newestThatFit(
      capped.map((m) => capChars(m, MIN_SHARE)),
      maxTokens,
    ) ||
      capTokens(whole, maxTokens))
  );
}

/** For a burst of hundreds of messages: the newest ones, which hold the customer's current question. */
function newestThatFit(messages: string[], maxTokens: number): string {
  const kept: string[] = [];
  let used = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] ?? "";
    const cost = estimateTokens(message) + 1;
    if (used + cost > maxTokens) break;
    used += cost;
    kept.unshift(message);
  }
  return kept.join("\n");
}

function toMessage(turn: HistoryTurn): PromptMessage {
  const text = capChars(turn.text, MAX_MESSAGE_CHARS);
  return turn.role === "customer" ? { role: "user", content: delimit(text) } : { role: "assistant", content: text };
}

/** Merges consecutive turns of one role and drops leading assistant turns: chat templates want u/a/u/a. */
function alternate(messages: PromptMessage[]): PromptMessage[] {
  const out: PromptMessage[] = [];
  for (const message of messages) {
    const previous = out.at(-1);
    if (previous?.role === message.role) previous.content = `${previous.content}\n${message.content}`;
    else if (previous || message.role === "user") out.push({ ...message });
  }
  return out;
}

/**
 * Customer text cannot open or close a tag and pose as the prompt: its angle brackets become look-alikes (a
 * one-pass removal of the tag name would let "</customer_<customer_message>message>" rebuild it).
 */
export function neutralizeTags(text: string): string {
  return text.replace(/</g, "‹").replace(/>/g, "›");
}

function delimit(text: string): string {
  return `<customer_message>\n${neutralizeTags(text)}\n</customer_message>`;
}

function knowledgeSection(passages: readonly Passage[], maxTokens: number): string {
  const parts: string[] = [];
  let left = maxTokens;
  for (const p of passages) {
    const block = capTokens(`[${p.entryId}] ${p.title}\n${p.body}`, left);
    if (block === "") break;
    parts.push(block);
    left -= estimateTokens(block) + 1;
    if (left <= 20) break;
  }
  return `<knowledge>\n${parts.join("\n\n") || "(nothing relevant found)"}\n</knowledge>`;
}

function profileSection(profile: Readonly<Record<string, string>> | undefined): string {
  const lines = Object.entries(profile ?? {}).map(([key, value]) => `${key}: ${value.replace(/[<>]/g, "")}`);
  if (lines.length === 0) return "";
  return `<customer_profile>\n${capTokens(lines.join("\n"), PROFILE_MAX_TOKENS)}\n</customer_profile>`;
}

/** The system prompt: instructions, then the per-turn data sections, within `maxTokens` for the data. */
function systemContent(input: ModelInput, persona: Persona, budgetTokens: number): { system: string; rules: string } {
  const rules = instructions(persona, input.language);
  const summary = input.summary?.trim()
    ? `<earlier_conversation_summary>\n${capTokens(input.summary.trim(), SUMMARY_MAX_TOKENS)}\n</earlier_conversation_summary>`
    : "";
  const passagesRoom = Math.max(
    0,
    Math.min(Math.floor(budgetTokens * PASSAGES_SHARE), budgetTokens - estimateTokens(rules) - 200),
  );
  const sections = [
    rules,
    knowledgeSection(input.passages ?? [], passagesRoom),
    profileSection(input.profile),
    summary,
  ];
  return { system: sections.filter((s) => s !== "").join("\n\n"), rules };
}

/**
 * The prompt for one turn, its estimated size at most `budgetTokens` (given a budget above the instructions'
 * own size): the system prompt and the new messages first, then history newest-first while it fits. The
 * history kept is contiguous: an old turn that does not fit ends it, so the model never sees a hole.
 */
export function buildPrompt(input: ModelInput, budgetTokens: number, persona: Persona = DEFAULT_PERSONA): Prompt {
  const { system, rules } = systemContent(input, persona, budgetTokens);
  const afterSystem = budgetTokens - estimateTokens(system) - 2 * MESSAGE_OVERHEAD_TOKENS;
  const burst = delimit(burstContent(input.messages, Math.max(0, afterSystem - estimateTokens(delimit("")) - 1)));
  let left = afterSystem - estimateTokens(burst);
  const kept: PromptMessage[] = [];
  for (let i = input.history.length - 1; i >= 0; i--) {
    const turn = input.history[i];
    if (!turn || turn.text.trim() === "") continue;
    const message = toMessage(turn);
    const cost = estimateTokens(message.content) + MESSAGE_OVERHEAD_TOKENS;
    if (cost > left) break;
    left -= cost;
    kept.push(message);
  }
  kept.reverse();
  return {
    system,
    messages: alternate([...kept, { role: "user", content: burst }]),
    instructions: rules,
    canary: canary(),
  };
}

/** The prompt's estimated size: what `buildPrompt` keeps within the budget. */
export function estimatePromptTokens(prompt: Prompt): number {
  let total = estimateTokens(prompt.system) + MESSAGE_OVERHEAD_TOKENS;
  for (const message of prompt.messages) total += estimateTokens(message.content) + MESSAGE_OVERHEAD_TOKENS;
  return total;
}
