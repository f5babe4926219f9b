// The left pane's customer form and its list of recent customers: what the form shows and says, and which
// customer it describes now.
import { el } from "../../html/client/dom";
import type { PlaygroundElements } from "./elements";
import { type Customer, keyOf } from "./webhook-body";

export function fillForm(ui: PlaygroundElements, c: Customer): void {
  ui.userId.value = c.userId;
  ui.phone.value = c.phone;
  ui.name.value = c.name;
  ui.language.value = c.language;
  ui.as.replaceChildren("as ", el("b", "", c.userId || "unknown number"), c.phone ? ` · ${c.phone}` : "");
}

export function readForm(ui: PlaygroundElements): Customer {
  return {
    userId: ui.userId.value.trim(),
    phone: ui.phone.value.trim(),
    name: ui.name.value.trim(),
    language: ui.language.value,
  };
}

export function renderRecent(
  ui: PlaygroundElements,
  customers: Customer[],
  current: Customer,
  onPick: (c: Customer) => void,
): void {
  ui.recent.replaceChildren();
  for (const c of customers) {
    const b = el("button", keyOf(c) === keyOf(current) ? "current" : "");
    b.type = "button";
    b.append(
      el("span", "", c.name || c.userId || c.phone),
      el("span", "sub", c.userId ? c.userId : `phone only ${c.phone}`),
    );
    b.addEventListener("click", () => onPick(c));
    ui.recent.append(el("li", "", b));
  }
  ui.recentSection.hidden = customers.length === 0;
}
