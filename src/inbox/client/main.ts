// The inbox page's script (bundled to /assets/inbox.js by scripts/build-client.ts): reads the configuration the
// server wrote into the page, builds the controller and wires the page's controls, timers and events to it.
import { pageConfigReader } from "../../html/client/dom";
import type { InboxPageConfig } from "../page";
import { act, sendReply } from "./actions";
import { inboxElements } from "./elements";
import { Inbox } from "./inbox";

const PING_MS = 25_000;
/** Without the socket, a slow poll keeps the page roughly current until it reconnects. */
const OFFLINE_POLL_MS = 15_000;
const CLOCK_TICK_MS = 30_000;

const read = pageConfigReader("inbox-config");
const config: InboxPageConfig = { apiPath: read("apiPath"), livePath: read("livePath"), tokenKey: read("tokenKey") };
const ui = inboxElements();
const inbox = new Inbox(config, ui);
const everything = { queue: true, conversation: true };

ui.signInForm.addEventListener("submit", (e) => {
  e.preventDefault();
  const token = ui.token.value.trim();
  if (!token) return;
  ui.token.value = "";
  void inbox.useToken(token);
});
ui.signOut.addEventListener("click", () => inbox.signedOut(""));
window.addEventListener("hashchange", () => inbox.selectFromHash());

ui.claim.addEventListener("click", async () => {
  if (await act(inbox, "claim", "Claimed: you are handling this conversation.")) ui.replyInput.focus();
});
ui.release.addEventListener("click", () => act(inbox, "release", "Released: the bot answers this customer again."));
ui.close.addEventListener("click", () => act(inbox, "close", "Conversation closed."));
ui.composer.addEventListener("submit", (e) => {
  e.preventDefault();
  void sendReply(inbox);
});
ui.replyInput.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    void sendReply(inbox);
  }
});
ui.back.addEventListener("click", () => inbox.select(null));

setInterval(() => inbox.ping(), PING_MS);
setInterval(() => {
  if (inbox.state.me && !inbox.state.live) inbox.refresh(everything);
}, OFFLINE_POLL_MS);
setInterval(() => inbox.tick(), CLOCK_TICK_MS);
document.addEventListener("visibilitychange", () => {
  if (!document.hidden && inbox.state.me) inbox.refresh(everything);
});

void inbox.signIn();
