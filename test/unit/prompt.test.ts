import { describe, expect, it } from "vitest";
import type { ModelInput } from "../../src/ai/model";
import { buildPrompt, estimatePromptTokens, estimateTokens, type Prompt } from "../../src/ai/prompt";
import type { HistoryTurn } from "../../src/conversation/history";

const BUDGET = 3000;

const PHRASES = [
  "Where is my order? I placed it last week and the tracking page has not changed since Monday. ",
  "¿Dónde está mi pedido? Lo hice la semana pasada y el seguimiento no ha cambiado desde el lunes. ",
  "注文した商品はいつ届きますか？先週注文しましたが、追跡ページが月曜日から更新されていません。",
  "주문한 상품은 언제 도착하나요? 지난주에 주문했는데 배송 조회가 월요일 이후로 바뀌지 않았어요. ",
  "Bonjour, je voudrais échanger mes chaussures contre une pointure plus grande, c'est possible ? ",
  "Olá! Vocês entregam em Portugal? Quanto custa o envio para Lisboa e quanto tempo demora? ",
];

/** Turns alternate customer/assistant; each is 2-7 phrases long, in a rotating language, and numbered. */
function conversation(turns: number): HistoryTurn[] {
  return Array.from({ length: turns }, (_, i) => ({
    role: i % 2 === 0 ? "customer" : "assistant",
    text: `#${i} ${(PHRASES[i % PHRASES.length] ?? "").repeat(2 + (i % 6))}`.trim(),
    at: 1_700_000_000_000 + i * 60_000,
  }));
}

function input(history: HistoryTurn[], messages: string[], language: ModelInput["language"] = "en"): ModelInput {
  return { history, messages, language };
}

/** A message's text without the <customer_message> delimiters the prompt puts around customer text. */
function plain(content: string | undefined): string {
  return (content ?? "").replace(/<customer_message>\n/g, "").replace(/\n<\/customer_message>/g, "");
}

function totalChars(prompt: Prompt): number {
  return prompt.system.length + prompt.messages.reduce((sum, m) => sum + m.content.length, 0);
}

describe("estimateTokens", () => {
  it("counts one token per CJK, Hangul or kana character and about one per three Latin characters", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("注文した商品")).toBe(6);
    expect(estimateTokens("안녕하세요")).toBe(5);
    expect(estimateTokens("abcdefghi")).toBe(3);
    expect(estimateTokens("été")).toBe(2);
  });

  it("never estimates fewer tokens than the common rule of four characters per token", () => {
    for (const phrase of PHRASES) expect(estimateTokens(phrase)).toBeGreaterThanOrEqual(phrase.length / 4);
  });
});

describe("buildPrompt", () => {
  it("keeps a 200-turn conversation under the budget, with the newest turns in order", () => {
    const history = conversation(200);
    const prompt = buildPrompt(input(history, ["Any news?"]), BUDGET);

    expect(estimatePromptTokens(prompt)).toBeLessThanOrEqual(BUDGET);
    // Every character costs at least a third of a token, whatever the estimate's details.
    expect(totalChars(prompt)).toBeLessThanOrEqual(BUDGET * 3);
    const kept = prompt.messages.slice(0, -1);
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.length).toBeLessThan(50);
    expect(kept.map((m) => plain(m.content))).toEqual(history.slice(-kept.length).map((t) => t.text));
    expect(plain(kept.at(-1)?.content).startsWith("#199 ")).toBe(true);
  });

  it("keeps the prompt about the same size at 50, 200 and 2,000 turns", () => {
    const sizes = [50, 200, 2000].map((turns) =>
      estimatePromptTokens(buildPrompt(input(conversation(turns), ["Any news?"]), BUDGET)),
    );
    for (const size of sizes) {
      expect(size).toBeLessThanOrEqual(BUDGET);
      expect(size).toBeGreaterThan(BUDGET * 0.75);
    }
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThan(BUDGET * 0.15);
  });

  it("shows every message of a burst, in arrival order, as one user turn", () => {
    const burst = ["hola", "tengo un problema", "mi pedido 123 no llegó"];
    const prompt = buildPrompt(input(conversation(40), burst, "es"), BUDGET);
    expect(prompt.messages.at(-1)).toEqual({
      role: "user",
      content: `<customer_message>\n${burst.join("\n")}\n</customer_message>`,
    });
  });

  it("shows the head of every message when a burst of long messages exceeds the budget", () => {
    const burst = Array.from({ length: 8 }, (_, i) => `message ${i}: ${"please check my order ".repeat(200)}`);
    const prompt = buildPrompt(input(conversation(40), burst), BUDGET);
    const content = prompt.messages.at(-1)?.content ?? "";
    expect(estimatePromptTokens(prompt)).toBeLessThanOrEqual(BUDGET);
    const positions = burst.map((_, i) => content.indexOf(`message ${i}: please check`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(prompt.messages).toHaveLength(1);
  });

  it("cuts a single huge new message to fit the budget and marks the cut", () => {
    const huge = `START ${"x".repeat(200_000)}`;
    const prompt = buildPrompt(input(conversation(10), [huge]), BUDGET);
    const content = plain(prompt.messages.at(-1)?.content);
    expect(estimatePromptTokens(prompt)).toBeLessThanOrEqual(BUDGET);
    expect(content.startsWith("START xxx")).toBe(true);
    expect(content.endsWith("…")).toBe(true);
    expect(content.length).toBeLessThan(huge.length);
  });

  it("alternates roles starting with a user turn, merging consecutive turns of one role", () => {
    const history: HistoryTurn[] = [
      { role: "assistant", text: "Welcome!", at: 1 },
      { role: "customer", text: "first", at: 2 },
      { role: "customer", text: "second", at: 3 },
      { role: "assistant", text: "answer", at: 4 },
      { role: "customer", text: "unanswered", at: 5 },
    ];
    const prompt = buildPrompt(input(history, ["new one"]), BUDGET);
    expect(prompt.messages.map((m) => ({ role: m.role, content: plain(m.content) }))).toEqual([
      { role: "user", content: "first\nsecond" },
      { role: "assistant", content: "answer" },
      { role: "user", content: "unanswered\nnew one" },
    ]);
  });

  it("names the customer's language in words in the system prompt", () => {
    const korean = buildPrompt(input([], ["안녕하세요"], "ko"), BUDGET).system;
    const portuguese = buildPrompt(input([], ["Olá"], "pt"), BUDGET).system;
    expect(korean).toContain("Korean");
    expect(korean).not.toContain("Portuguese");
    expect(portuguese).toContain("Portuguese");
  });

  it("puts nothing from the input into the prompt but the turns' texts", () => {
    const history = conversation(30);
    const burst = ["one", "two"];
    const prompt = buildPrompt(input(history, burst), BUDGET);
    const known = new Set([...history.map((t) => t.text), ...burst]);
    for (const message of prompt.messages) {
      for (const line of plain(message.content).split("\n")) expect(known.has(line)).toBe(true);
    }
    expect(JSON.stringify(prompt)).not.toContain(String(history[29]?.at));
  });
});
