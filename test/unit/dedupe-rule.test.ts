import { describe, expect, it } from "vitest";
import {
  DEDUPE_WINDOW_WITH_ID_MS,
  DEDUPE_WINDOW_WITHOUT_ID_MS,
  dedupeRule,
  SHORT_TEXT_MAX_CHARS,
} from "../../src/conversation/dedupe";
import type { InboundMessage } from "../../src/webhook/inbound-message";

function message(text: string, extra: Partial<InboundMessage> = {}): InboundMessage {
  return { identity: { externalId: "u" }, text, mediaUrls: [], ...extra };
}

const idle = { flowWaiting: false };
const LONG = "Do you ship to Switzerland, and how long does it take?";

describe("dedupeRule", () => {
  it("keys on message_id for 48 hours whenever the body has one, commands included", () => {
    for (const text of ["STOP", "1", LONG]) {
      expect(dedupeRule(message(text, { messageId: "d-1" }), idle)).toEqual({
        kind: "key",
        by: "message_id",
        windowMs: DEDUPE_WINDOW_WITH_ID_MS,
      });
    }
  });

  it("never drops STOP or START by the text key, in any spelling the commands module knows", () => {
    for (const text of [
      "STOP",
      "stop!!",
      "Stop Promotions",
      "Baja",
      "Arrêt !",
      "수신거부",
      "配信停止",
      "START",
      "alta",
      "再開",
    ]) {
      expect(dedupeRule(message(text), idle)).toEqual({ kind: "none", reason: "command" });
      expect(dedupeRule(message(text), { flowWaiting: true })).toEqual({ kind: "none", reason: "command" });
    }
  });

  it("never drops an answer while a flow waits for one, however long", () => {
    for (const text of ["1", "Ana Lima", "ana@example.com", LONG]) {
      expect(dedupeRule(message(text), { flowWaiting: true })).toEqual({ kind: "none", reason: "flow_answer" });
    }
  });

  it("never drops a short text; a long one keeps the 10-minute text key", () => {
    for (const text of ["1", "yes", "👍", "Track order", "x".repeat(SHORT_TEXT_MAX_CHARS), `  ${"y".repeat(20)}  `]) {
      expect(dedupeRule(message(text), idle)).toEqual({ kind: "none", reason: "short_text" });
    }
    for (const text of [LONG, "x".repeat(SHORT_TEXT_MAX_CHARS + 1)]) {
      expect(dedupeRule(message(text), idle)).toEqual({
        kind: "key",
        by: "text",
        windowMs: DEDUPE_WINDOW_WITHOUT_ID_MS,
      });
    }
  });

  it("counts characters, not UTF-16 units: 24 emoji are short", () => {
    expect(dedupeRule(message("😀".repeat(SHORT_TEXT_MAX_CHARS)), idle)).toMatchObject({ kind: "none" });
  });

  it("keeps the text key for RESET (its confirmation is not idempotent) and for media (the URL is unique)", () => {
    expect(dedupeRule(message("reset"), idle)).toMatchObject({ kind: "key", by: "text" });
    const media = message("", { mediaUrls: ["https://media.test/1.jpg"] });
    expect(dedupeRule(media, idle)).toMatchObject({ kind: "key", by: "text" });
    expect(dedupeRule(media, { flowWaiting: true })).toMatchObject({ kind: "key", by: "text" });
  });
});
