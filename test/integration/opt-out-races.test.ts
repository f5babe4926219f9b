// Races and corner cases around opt-out, timers and the rate cap, each found in review of the turn pipeline
// and reproduced before it was fixed: a customer who said STOP gets nothing more, and no work is stranded.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Conversation } from "../../src/conversation/conversation";
import { migrate } from "../../src/conversation/schema";
import { TEXTS } from "../../src/i18n/texts";
import { markdownToWhatsApp } from "../../src/whatsapp/markdown";
import { conversation, echoModel, say, waitForTimeline, waitUntilSettled } from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { uniqueUser } from "../helpers/webhook";

/** A conversation as a webhook would have left it, written directly so a test can stage a crash state. */
function seedConversation(sql: SqlStorage, user: string, now: number): void {
  migrate(sql); // a brand-new object creates its tables on first use; these tests write before that
  sql.exec("INSERT INTO meta (key, value) VALUES ('conversation_name', ?)", `ext:${user}`);
  sql.exec("INSERT INTO meta (key, value) VALUES ('external_id', ?)", user);
  sql.exec("INSERT INTO meta (key, value) VALUES ('last_customer_message_at', ?)", String(now));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("opt-out gates", () => {
  it("a bot_reply found in 'sending' (instance died mid-call) is not resent to a customer who has opted out", async () => {
    const user = uniqueUser("f1");
    await runInDurableObject(conversation(`ext:${user}`), async (_i: Conversation, state) => {
      const now = Date.now();
      const sql = state.storage.sql;
      seedConversation(sql, user, now);
      // The STOP turn already ran: opted out, the reply that was mid-send could not be cancelled (state sending).
      sql.exec("INSERT INTO meta (key, value) VALUES ('opted_out', ?)", String(now));
      sql.exec(
        `INSERT INTO outbox (kind, campaign_id, text, part, parts, state, attempts, not_before, created_at)
         VALUES ('bot_reply', 'campaign-reply-1', 'token-answer-after-stop', 1, 1, 'sending', 1, ?, ?)`,
        now,
        now,
      );
      sql.exec("INSERT INTO timers (name, due_at, attempt) VALUES ('outbox', ?, 0)", now);
      await state.storage.setAlarm(now);
    });
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.requestsFor(user).map((s) => s.text)).not.toContain("token-answer-after-stop");
  });

  it("STOP while START's confirmation waits for SUBSCRIPTION_SETTLE_MS: no START confirmation after STOP, unsubscribe not held back", async () => {
    const user = uniqueUser("f2");
    await runInDurableObject(conversation(`ext:${user}`), (instance: Conversation) => {
      instance.deps = {
        ...instance.deps,
        model: echoModel(),
        config: { ...instance.deps.config, subscriptionSettleMs: 2000 },
      };
    });
    await say(user, "STOP");
    await waitForTimeline(user, 2);
    await say(user, "START");
    await waitForTimeline(user, 3); // "subscription: subscribed"; the confirmation now waits 2 s
    const stopAt = Date.now();
    await say(user, "STOP");
    await waitUntilSettled(`ext:${user}`);
    const unsubscribedAt = fakeBraze.calls.filter((c) => subscriptionState(c.body) === "unsubscribed").at(-1)?.at;
    const delayMs = (unsubscribedAt ?? Number.POSITIVE_INFINITY) - stopAt;
    const afterStart = fakeBraze.timelineFor(user).slice(3);
    expect.soft(afterStart).toEqual([`send: ${TEXTS.stopConfirmed.en}`, "subscription: unsubscribed"]);
    expect.soft(delayMs, "unsubscribe delay after STOP (ms)").toBeLessThan(1000);
  });

  it("replaying dead letters never re-subscribes a customer who has said STOP since", async () => {
    const user = uniqueUser("f3");
    await say(user, "STOP");
    await waitForTimeline(user, 2);
    // START's subscribe is refused (the key lacked subscription.status.set): dead letter.
    fakeBraze.willRespond({ status: 403, body: { message: "Access Denied" } });
    await say(user, "START");
    await waitForTimeline(user, 3); // the START confirmation
    await say(user, "STOP"); // key fixed meanwhile: this unsubscribe succeeds
    await waitForTimeline(user, 5);
    await waitUntilSettled(`ext:${user}`);
    // The operator replays dead letters after fixing the key.
    // (Only one row is dead, but replayDead() returns SqlStorageCursor.rowsWritten, which counts index writes too.)
    expect(await conversation(`ext:${user}`).replayDeadLetters()).toBeGreaterThan(0);
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.timelineFor(user).at(-1)).toBe("subscription: unsubscribed");
  });
});

describe("opt-out reaches Braze", () => {
  it("the unsubscribe is not held hostage by a STOP confirmation that Braze rate-limits", async () => {
    const user = uniqueUser("f9");
    // trigger/send is over its hourly limit (reset in 10 min); /subscription/status/set has its own limit.
    fakeBraze.willRespond({
      status: 429,
      headers: { "X-RateLimit-Reset": String(Math.ceil(Date.now() / 1000) + 600) },
    });
    await say(user, "STOP");
    await sleep(1500);
    expect(fakeBraze.timelineFor(user)).toEqual(["subscription: unsubscribed"]);
  });
});

describe("timers", () => {
  it("a STOP waiting behind a failed turn's backoff does not spin the alarm", async () => {
    const user = uniqueUser("f5");
    let rounds = 0;
    await runInDurableObject(conversation(`ext:${user}`), async (instance: Conversation, state) => {
      const now = Date.now();
      const sql = state.storage.sql;
      seedConversation(sql, user, now);
      // [STOP, START, question] whose model call failed: the turn waits for its backoff, the STOP stays pending.
      sql.exec(
        "INSERT INTO inbound (received_at, text, media_urls, language, state) VALUES (?, 'STOP', '[]', NULL, 'pending')",
        now,
      );
      sql.exec("INSERT INTO timers (name, due_at, attempt) VALUES ('turn', ?, 1)", now + 60_000);
      sql.exec(
        `INSERT INTO outbox (kind, campaign_id, text, part, parts, state, not_before, created_at)
         VALUES ('bot_reply', 'campaign-reply-1', 'earlier answer', 1, 1, 'pending', ?, ?)`,
        now,
        now,
      );
      sql.exec("INSERT INTO timers (name, due_at, attempt) VALUES ('outbox', ?, 0)", now);
      const timers = (instance as unknown as { stores: { timers: { due(now: number): unknown[] } } }).stores.timers;
      const due = timers.due.bind(timers);
      timers.due = (at: number) => {
        rounds++;
        return due(at);
      };
      await state.storage.setAlarm(now);
    });
    await sleep(1000);
    expect(rounds).toBeLessThan(20); // fails: hundreds of alarm rounds per second, for the whole backoff
  });
});

describe("rate cap", () => {
  it("a START from a customer who never opted out does not bypass MAX_TURNS_PER_MINUTE", async () => {
    const user = uniqueUser("f6");
    const model = echoModel();
    await runInDurableObject(conversation(`ext:${user}`), (instance: Conversation) => {
      instance.deps = { ...instance.deps, model, config: { ...instance.deps.config, maxTurnsPerMinute: 1 } };
    });
    await say(user, "token-q1");
    await waitForTimeline(user, 1);
    await say(user, "token-q2"); // rate-capped: waits about a minute
    await sleep(300);
    expect(model.inputs).toHaveLength(1);
    await say(user, "start");
    await sleep(1500);
    expect(model.inputs).toHaveLength(1); // fails: q2 went to the model at once
  });
});

describe("outbox counts", () => {
  it("cancelPending reports the number of rows cancelled, not SQLite's rowsWritten (which counts index writes)", async () => {
    const user = uniqueUser("f8");
    const counted = await runInDurableObject(conversation(`ext:${user}`), (instance: Conversation, state) => {
      const now = Date.now();
      migrate(state.storage.sql);
      state.storage.sql.exec(
        `INSERT INTO outbox (kind, campaign_id, text, part, parts, state, not_before, created_at)
         VALUES ('bot_reply', 'c', 'x', 1, 1, 'pending', ?, ?)`,
        now + 60_000,
        now,
      );
      const stores = (instance as unknown as { stores: { outbox: { cancelPending(r: string): number } } }).stores;
      return stores.outbox.cancelPending("test");
    });
    expect(counted).toBe(1);
  });
});

describe("WhatsApp formatting", () => {
  it("keeps angle-bracket placeholders a model writes", () => {
    expect(markdownToWhatsApp("Reply with <order number> and we'll check.")).toContain("<order number>");
  });
});

function subscriptionState(body: Record<string, unknown>): string | undefined {
  const groups = body.subscription_groups as { subscription_state: string }[] | undefined;
  return groups?.[0]?.subscription_state;
}
