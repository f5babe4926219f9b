// The output check: a reply that reveals the system prompt is stopped, whatever the model was talked into.
// Two signals: the canary planted in the instructions, and any long verbatim span of the instructions
// (compared case-, accent- and spacing-insensitively). Knowledge passages are not checked: quoting them is the job.
import type { Prompt } from "./prompt";
import { foldText } from "./tokenize";

/** A leak must copy at least this many characters of the instructions in a row to be caught by spans. */
export const LEAK_SPAN_CHARS = 60;
const WINDOW = 50;
const STEP = 10;

function comparable(text: string): string {
  return foldText(text).replace(/\s+/g, " ").trim();
}

/** Why the reply must not be sent, or undefined when it is fine. */
export function leakInReply(reply: string, prompt: Pick<Prompt, "instructions" | "canary">): string | undefined {
  const folded = comparable(reply);
  if (folded.includes(comparable(prompt.canary))) return "canary";
  const rules = comparable(prompt.instructions);
  // Windows every STEP characters: any copied span of WINDOW + STEP characters contains one of them whole.
  for (let start = 0; start + WINDOW <= rules.length; start += STEP) {
    if (folded.includes(rules.slice(start, start + WINDOW))) return "instructions_span";
  }
  return undefined;
}
