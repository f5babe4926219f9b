// The inbox page's elements (src/inbox/page.ts), looked up once and typed, so every other module of the browser
// code names them by role instead of by id string.
import { byId } from "../../html/client/dom";

export function inboxElements() {
  return {
    app: byId("app", HTMLDivElement),
    live: byId("live", HTMLParagraphElement),
    liveText: byId("live-text", HTMLSpanElement),
    me: byId("me", HTMLParagraphElement),
    signOut: byId("sign-out", HTMLButtonElement),
    signIn: byId("signin", HTMLElement),
    signInForm: byId("signin-form", HTMLFormElement),
    signInError: byId("signin-error", HTMLParagraphElement),
    token: byId("token", HTMLInputElement),
    queueList: byId("queue-list", HTMLUListElement),
    queueCount: byId("queue-count", HTMLSpanElement),
    queueEmpty: byId("queue-empty", HTMLParagraphElement),
    placeholder: byId("placeholder", HTMLParagraphElement),
    conv: byId("conv", HTMLDivElement),
    back: byId("back", HTMLButtonElement),
    convTitle: byId("conv-title", HTMLHeadingElement),
    convSub: byId("conv-sub", HTMLParagraphElement),
    convStatus: byId("conv-status", HTMLParagraphElement),
    convReason: byId("conv-reason", HTMLParagraphElement),
    convWindow: byId("conv-window", HTMLParagraphElement),
    transcript: byId("transcript", HTMLOListElement),
    claim: byId("claim", HTMLButtonElement),
    release: byId("release", HTMLButtonElement),
    close: byId("close", HTMLButtonElement),
    notice: byId("notice", HTMLParagraphElement),
    composer: byId("composer", HTMLFormElement),
    replyInput: byId("reply-input", HTMLTextAreaElement),
    send: byId("send", HTMLButtonElement),
  };
}

export type InboxElements = ReturnType<typeof inboxElements>;
