// A phone number's conversation forwards to the customer's external_id conversation only for a while
// (docs/storage.md "Forwarding"): long enough for Braze's late retries of phone-only webhooks, not so long that
// the next holder of a recycled number writes into the old owner's chat. The forwarding object is erased when
// the window ends; objects moved before this rule existed get the window from the upgrade on.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { Conversation } from "../../src/conversation/conversation";
import { FORWARDING_WINDOW_MS } from "../../src/conversation/forwarding";
import { migrate } from "../../src/conversation/schema";
import { TEXTS } from "../../src/i18n/texts";
import { conversation, echoModel, useModel, waitForSends, waitUntilSettled } from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { guideBody, postWebhook, recommendedBody, uniquePhone, uniqueUser } from "../helpers/webhook";

const HOUR = 60 * 60 * 1000;
/** As long as the helpers wait: a turn and its send can take seconds on a loaded machine. */
const WAIT = { timeout: 8000, interval: 20 };

/** Every text a conversation holds: inbound messages and the model's history. */
async function knownTexts(name: string): Promise<string[]> {
  return runInDurableObject(conversation(name), (_i: Conversation, state) => {
    const hasMeta = state.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE name = 'meta'").toArray().length > 0;
    if (!hasMeta) return [];
    return state.storage.sql
      .exec<{ text: string }>("SELECT text FROM inbound UNION ALL SELECT text FROM history")
      .toArray()
      .map((r) => r.text);
  });
}

async function metaOf(name: string, key: string): Promise<string | undefined> {
  return runInDurableObject(conversation(name), (_i: Conversation, state) => {
    const hasMeta = state.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE name = 'meta'").toArray().length > 0;
    if (!hasMeta) return undefined;
    return state.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value;
  });
}

/** Moves the forwarding's start (and its retention timer) back, as if that much time had passed. */
async function ageForwarding(name: string, byMs: number): Promise<void> {
  await runInDurableObject(conversation(name), (_i: Conversation, state) => {
    state.storage.sql.exec("UPDATE meta SET value = CAST(value AS INTEGER) - ? WHERE key = 'moved_at'", byMs);
    state.storage.sql.exec("UPDATE timers SET due_at = due_at - ? WHERE name = 'retention'", byMs);
  });
}

function aliasSends(phone: string) {
  return fakeBraze.triggerSends(
    (s) =>
      s.delivered &&
      JSON.stringify(s.recipient) === JSON.stringify({ user_alias: { alias_label: "phone", alias_name: phone } }),
  );
}

async function phoneOnly(phone: string, message: string): Promise<number> {
  const response = await postWebhook(guideBody({ phone_number: phone, message }));
  await response.body?.cancel();
  return response.status;
}

/** A number that wrote alone (answered through its alias), then became known as `user`. */
async function numberOwnedBy(user: string, phone: string, phoneName: string): Promise<void> {
  await useModel(phoneName, echoModel());
  expect(await phoneOnly(phone, "token-old-owner")).toBe(202);
  await vi.waitFor(() => expect(aliasSends(phone)).toHaveLength(1), WAIT);
  await waitUntilSettled(phoneName);
  await useModel(`ext:${user}`, echoModel());
  expect(
    (await postWebhook(recommendedBody({ user_id: user, phone_number: phone, message: "token-known" }))).status,
  ).toBe(202);
  await waitForSends(user, 1);
  await waitUntilSettled(`ext:${user}`);
}

describe("phone forwarding", () => {
  it("forwards a late phone-only webhook within the window, and not after it: the next holder starts afresh", async () => {
    const [user, phone] = [uniqueUser("owner"), uniquePhone()];
    const phoneName = `phone:${phone.replace(/\D/g, "")}`;
    await numberOwnedBy(user, phone, phoneName);

    expect(await phoneOnly(phone, "token-late-retry")).toBe(202);
    await waitForSends(user, 2);
    expect(await knownTexts(`ext:${user}`)).toContain("token-late-retry");

    await ageForwarding(phoneName, FORWARDING_WINDOW_MS + HOUR);
    const echo = echoModel();
    await useModel(phoneName, echo);
    expect(await phoneOnly(phone, "token-new-holder")).toBe(202);
    await vi.waitFor(() => expect(aliasSends(phone)).toHaveLength(2), WAIT);
    await waitUntilSettled(phoneName);
    expect(aliasSends(phone)[1]?.text).toBe("echo: token-new-holder");
    expect(fakeBraze.sendsTo(user)).toHaveLength(2);
    const known = await knownTexts(phoneName);
    for (const old of ["token-old-owner", "token-known", "token-late-retry"]) expect(known).not.toContain(old);
    expect(await metaOf(phoneName, "moved_to")).toBeUndefined();

    // The fresh conversation survives an eviction as an ordinary phone conversation.
    await evictDurableObject(conversation(phoneName));
    await useModel(phoneName, echo);
    expect(await phoneOnly(phone, "token-after-eviction")).toBe(202);
    await vi.waitFor(() => expect(aliasSends(phone)).toHaveLength(3), WAIT);
    expect(fakeBraze.sendsTo(user)).toHaveLength(2);
  });

  it("stores both of two messages that arrive together after the window, in the fresh conversation", async () => {
    const [user, phone] = [uniqueUser("owner2"), uniquePhone()];
    const phoneName = `phone:${phone.replace(/\D/g, "")}`;
    await numberOwnedBy(user, phone, phoneName);
    await ageForwarding(phoneName, FORWARDING_WINDOW_MS + HOUR);
    await useModel(phoneName, { name: "down", decide: () => Promise.reject(new Error("down")) });
    expect(await Promise.all([phoneOnly(phone, "token-a"), phoneOnly(phone, "token-b")])).toEqual([202, 202]);
    const known = await knownTexts(phoneName);
    expect(known).toEqual(expect.arrayContaining(["token-a", "token-b"]));
    expect(known).not.toContain("token-old-owner");
    expect(await knownTexts(`ext:${user}`)).not.toContain("token-a");
  });

  it("gives the number to the next profile that claims it after the window, without the old owner's chat", async () => {
    const [owner, next, phone] = [uniqueUser("owner3"), uniqueUser("next"), uniquePhone()];
    const phoneName = `phone:${phone.replace(/\D/g, "")}`;
    await numberOwnedBy(owner, phone, phoneName);
    await ageForwarding(phoneName, FORWARDING_WINDOW_MS + HOUR);
    await useModel(`ext:${next}`, echoModel());
    expect(
      (await postWebhook(recommendedBody({ user_id: next, phone_number: phone, message: "token-next" }))).status,
    ).toBe(202);
    await waitForSends(next, 1);
    expect(await metaOf(phoneName, "moved_to")).toBe(`ext:${next}`);
    expect(await knownTexts(`ext:${next}`)).not.toContain("token-old-owner");
    expect(await phoneOnly(phone, "token-late-for-next")).toBe(202);
    expect(await knownTexts(`ext:${next}`)).toContain("token-late-for-next");
    expect(await knownTexts(`ext:${owner}`)).not.toContain("token-late-for-next");
  });

  it("gives an object that only forwards a retention timer, and erases it when the window ends", async () => {
    const [user, phone] = [uniqueUser("fwd"), uniquePhone()];
    const phoneName = `phone:${phone.replace(/\D/g, "")}`;
    const before = Date.now();
    // The customer's first webhook already carries the external_id: the phone object only ever forwards.
    expect(
      (await postWebhook(recommendedBody({ user_id: user, phone_number: phone, message: "token-first" }))).status,
    ).toBe(202);
    const due = await runInDurableObject(conversation(phoneName), (_i: Conversation, state) =>
      state.storage.sql.exec<{ due_at: number }>("SELECT due_at FROM timers WHERE name = 'retention'").toArray(),
    );
    expect(due).toHaveLength(1);
    expect(due[0]?.due_at).toBeGreaterThanOrEqual(before + FORWARDING_WINDOW_MS);
    expect(due[0]?.due_at).toBeLessThanOrEqual(Date.now() + FORWARDING_WINDOW_MS);

    await ageForwarding(phoneName, FORWARDING_WINDOW_MS + HOUR);
    expect(await runDurableObjectAlarm(conversation(phoneName))).toBe(true);
    const tables = await runInDurableObject(conversation(phoneName), (_i: Conversation, state) =>
      state.storage.sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .toArray()
        .filter((t) => !t.name.startsWith("_cf_") && !t.name.startsWith("sqlite_")),
    );
    expect(tables).toEqual([]);
    expect(await phoneOnly(phone, "token-stranger")).toBe(202);
    await vi.waitFor(() => expect(aliasSends(phone)).toHaveLength(1), WAIT);
    expect(await knownTexts(`ext:${user}`)).not.toContain("token-stranger");
  });

  it("keeps the number's STOP when the forwarding object is erased: the next holder is answered after START", async () => {
    const [user, phone] = [uniqueUser("stopfwd"), uniquePhone()];
    const phoneName = `phone:${phone.replace(/\D/g, "")}`;
    expect(await phoneOnly(phone, "STOP")).toBe(202);
    await vi.waitFor(() => expect(aliasSends(phone)).toHaveLength(1), WAIT);
    await waitUntilSettled(phoneName);
    expect((await postWebhook(recommendedBody({ user_id: user, phone_number: phone, message: "hello" }))).status).toBe(
      202,
    );
    await waitUntilSettled(`ext:${user}`);
    await ageForwarding(phoneName, FORWARDING_WINDOW_MS + HOUR);
    expect(await runDurableObjectAlarm(conversation(phoneName))).toBe(true);

    const echo = echoModel();
    await useModel(phoneName, echo);
    expect(await phoneOnly(phone, "hi, is this the shop?")).toBe(202);
    await waitUntilSettled(phoneName);
    expect(aliasSends(phone)).toHaveLength(1);
    expect(await phoneOnly(phone, "START")).toBe(202);
    await vi.waitFor(() => expect(aliasSends(phone).map((s) => s.text)).toContain(TEXTS.startConfirmed.en), WAIT);
    expect(echo.inputs).toHaveLength(0);
  });
});

describe("the upgrade of a conversation moved before forwarding expired", () => {
  it("keeps forwarding for one window from the upgrade, then lets the object go", async () => {
    const [user, phone] = [uniqueUser("legacy"), uniquePhone()];
    const phoneName = `phone:${phone.replace(/\D/g, "")}`;
    const movedLongAgo = Date.now() - 90 * 24 * HOUR;
    await runInDurableObject(conversation(phoneName), (_i: Conversation, state) => {
      const sql = state.storage.sql;
      migrate(sql, 5); // the schema as the previous release left it
      for (const [key, value] of [
        ["conversation_name", phoneName],
        ["phone", phone],
        ["moved_to", `ext:${user}`],
        ["last_activity_at", String(movedLongAgo)],
      ]) {
        sql.exec("INSERT INTO meta (key, value) VALUES (?, ?)", key, value);
      }
      sql.exec("INSERT INTO history (role, text, at) VALUES ('customer', 'token-legacy', ?)", movedLongAgo);
      sql.exec(
        "INSERT INTO inbound (received_at, text, media_urls, state) VALUES (?, 'token-legacy', '[]', 'moved')",
        movedLongAgo,
      );
    });
    await evictDurableObject(conversation(phoneName));
    const before = Date.now();

    expect(await phoneOnly(phone, "token-after-upgrade")).toBe(202);
    expect(await knownTexts(`ext:${user}`)).toContain("token-after-upgrade");
    expect(await metaOf(phoneName, "schema_version")).toBe("6");
    expect(Number(await metaOf(phoneName, "moved_at"))).toBeGreaterThanOrEqual(before - 1000);
    const due = await runInDurableObject(conversation(phoneName), async (_i: Conversation, state) => ({
      timer: state.storage.sql.exec<{ due_at: number }>("SELECT due_at FROM timers WHERE name = 'retention'").one()
        .due_at,
      alarm: await state.storage.getAlarm(),
    }));
    expect(due.timer).toBeGreaterThanOrEqual(before - 1000 + FORWARDING_WINDOW_MS);
    expect(due.alarm).toBe(due.timer);
  });
});
