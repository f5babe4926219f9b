// The playground page's elements (src/playground/page.ts), looked up once and typed, so the rest of the browser
// code names them by role instead of by id string.
import { byId } from "../../html/client/dom";

export function playgroundElements() {
  return {
    customerForm: byId("customer", HTMLFormElement),
    userId: byId("user-id", HTMLInputElement),
    phone: byId("phone", HTMLInputElement),
    name: byId("name", HTMLInputElement),
    language: byId("language", HTMLSelectElement),
    formHint: byId("form-hint", HTMLParagraphElement),
    newCustomer: byId("new-customer", HTMLButtonElement),
    newNumber: byId("new-number", HTMLButtonElement),
    recentSection: byId("recent-section", HTMLElement),
    recent: byId("recent", HTMLUListElement),
    as: byId("as", HTMLDivElement),
    subtitle: byId("subtitle", HTMLSpanElement),
    banner: byId("banner", HTMLDivElement),
    messages: byId("messages", HTMLDivElement),
    typing: byId("typing", HTMLDivElement),
    composer: byId("composer", HTMLFormElement),
    input: byId("input", HTMLTextAreaElement),
    chips: Array.from(document.querySelectorAll<HTMLButtonElement>(".chip")),
  };
}

export type PlaygroundElements = ReturnType<typeof playgroundElements>;
