// The playground page's script (bundled to /assets/playground.js by scripts/build-client.ts): reads the
// configuration the server wrote into the page and wires the composer, the hints and the customer form.
import { pageConfigReader } from "../../html/client/dom";
import type { PlaygroundPageConfig } from "../page";
import { playgroundElements } from "./elements";
import { Playground } from "./playground";
import { randomDigits, randomHex } from "./webhook-body";

const NAMES = ["Alex", "Sam", "Maria", "Kenji", "Lucía", "Amélie", "Jordan", "Priya"];
const FORM_SETTLE_MS = 350;
const COMPOSER_MAX_HEIGHT_PX = 140;

const read = pageConfigReader("playground-config");
const config: PlaygroundPageConfig = {
  token: read("token"),
  webhookPath: read("webhookPath"),
  sendsPath: read("sendsPath"),
};
const ui = playgroundElements();
const playground = new Playground(config, ui);

const input = ui.input;
const grow = () => {
  input.style.height = "auto";
  input.style.height = `${Math.min(input.scrollHeight, COMPOSER_MAX_HEIGHT_PX)}px`;
};
const submit = () => {
  const text = input.value;
  input.value = "";
  grow();
  playground.send(text);
  input.focus();
};
input.addEventListener("input", grow);
input.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    submit();
  }
});
ui.composer.addEventListener("submit", (e) => {
  e.preventDefault();
  submit();
});
for (const chip of ui.chips) chip.addEventListener("click", () => playground.send(chip.textContent ?? ""));

let formTimer: ReturnType<typeof setTimeout> | undefined;
ui.customerForm.addEventListener("input", () => {
  clearTimeout(formTimer);
  ui.formHint.textContent = "";
  formTimer = setTimeout(() => playground.formEdited(), FORM_SETTLE_MS);
});
ui.newCustomer.addEventListener("click", () => {
  const name = NAMES[(crypto.getRandomValues(new Uint8Array(1))[0] ?? 0) % NAMES.length] ?? "Alex";
  playground.switchTo({ userId: `demo-${randomHex(6)}`, phone: `+1415555${randomDigits(4)}`, name, language: "en" });
});
ui.newNumber.addEventListener("click", () => {
  playground.switchTo({ userId: "", phone: `+447700${randomDigits(6)}`, name: "", language: "" });
});

void playground.start();
