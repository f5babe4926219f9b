// The flow building blocks on their own: the loader's refusals (named flow and step), templating, answer
// validators, trigger matching and the backend call's request and failure handling.
import { describe, expect, it } from "vitest";
import { leadForm } from "../../flows/lead-form";
import { orderStatus } from "../../flows/order-status";
import { checkAnswer } from "../../src/flows/answers";
import { BUNDLED_FLOWS } from "../../src/flows/bundled";
import { catalogOf } from "../../src/flows/catalog";
import { callBackend } from "../../src/flows/http-action";
import { loadFlow, loadFlows } from "../../src/flows/loader";
import { AnswerSpec, type FlowDefinition, type HttpStep, Step } from "../../src/flows/schema";
import { render, renderValue } from "../../src/flows/template";
import { fakeBackend, hang } from "../helpers/flows";

/** A small valid flow to break one piece at a time. */
function flow(overrides: Partial<FlowDefinition> = {}): FlowDefinition {
  return {
    id: "sample",
    abandonText: { en: "Bye." },
    steps: [
      {
        id: "pick",
        kind: "ask",
        save: "pick",
        text: { en: "Pick one" },
        answer: {
          type: "choice",
          options: [
            { value: "a", label: { en: "Alpha" } },
            { value: "b", label: { en: "Beta" } },
          ],
        },
        invalid: { en: "Pick again" },
      },
      { id: "done", kind: "end", text: { en: "You picked {{answers.pick}}" } },
    ],
    ...overrides,
  };
}

const askWith = (answer: unknown) => ({ ...flow().steps[0], answer }) as FlowDefinition["steps"][number];

describe("the flow loader", () => {
  it("loads the sample flows", () => {
    expect(BUNDLED_FLOWS.map((f) => f.flow.id)).toEqual(["order-status", "lead-form"]);
    expect(() => loadFlows([orderStatus, leadForm])).not.toThrow();
  });

  it.each([
    [
      "four buttons",
      askWith({
        type: "choice",
        options: ["a", "b", "c", "d"].map((value) => ({ value, label: { en: value.toUpperCase() } })),
      }),
      'flow "sample", step "pick", answer.options: a WhatsApp quick reply has at most 3 buttons',
    ],
    [
      "a 21-character label",
      askWith({
        type: "choice",
        options: [
          { value: "a", label: { en: "Alpha" } },
          { value: "b", label: { en: "x".repeat(21) } },
        ],
      }),
      'flow "sample", step "pick", answer.options.1.label.en: a WhatsApp button label is at most 20 characters',
    ],
    [
      "a label too long in one language only",
      askWith({
        type: "choice",
        options: [
          { value: "a", label: { en: "Alpha" } },
          { value: "b", label: { en: "Beta", fr: "Un libellé bien trop long" } },
        ],
      }),
      "answer.options.1.label.fr: a WhatsApp button label is at most 20 characters",
    ],
    [
      "two buttons that read the same",
      askWith({
        type: "choice",
        options: [
          { value: "a", label: { en: "Yes" } },
          { value: "b", label: { en: "YES!" } },
        ],
      }),
      'flow "sample", step "pick": two buttons read the same in en',
    ],
  ])("refuses %s, naming the flow and the step", (_case, step, message) => {
    expect(() => loadFlow(flow({ steps: [step, { id: "done", kind: "end" }] }))).toThrow(message);
  });

  it("refuses steps that lead nowhere, unknown templates, question-less loops and shared triggers", () => {
    const end = { id: "done", kind: "end" } as const;
    const message = (id: string, next?: string) => ({ id, kind: "message", text: { en: "hi" }, next }) as const;
    expect(() => loadFlow(flow({ steps: [message("a", "nowhere"), end] }))).toThrow(
      'flow "sample", step "a": goes to "nowhere", which does not exist',
    );
    expect(() => loadFlow(flow({ steps: [end, message("last")] }))).toThrow('step "last": is the last step');
    expect(() =>
      loadFlow(flow({ steps: [{ id: "a", kind: "message", text: { en: "Hi {{answers.nope}}" } }, end] })),
    ).toThrow('step "a": {{answers.nope}}: no step provides it');
    expect(() =>
      loadFlow(flow({ steps: [{ id: "a", kind: "message", text: { en: "{{ env.SECRET }}" } }, end] })),
    ).toThrow("use {{answers.<name>}} or {{response.<field>}}");
    expect(() => loadFlow(flow({ steps: [message("a", "b"), message("b", "a"), end] }))).toThrow(
      "steps a → b → a: loop without a question",
    );
    const twin = { ...flow({ id: "twin" }), triggers: { keywords: { en: ["Order Status"] } } };
    expect(() => loadFlows([orderStatus, twin])).toThrow(
      'flow "twin", trigger "Order Status": flow "order-status" has it too',
    );
    expect(() => loadFlow(flow({ triggers: { patterns: ["(unclosed"] } }))).toThrow(
      "is not a valid regular expression",
    );
    expect(() => loadFlow({ ...flow(), id: "Bad Id" })).toThrow('flow "Bad Id", id:');
  });

  it("allows a loop that a question breaks (the lead form's 'No, fix it')", () => {
    expect(() => loadFlow(leadForm)).not.toThrow();
  });
});

describe("templates", () => {
  const scope = { answers: { name: "Ana", age: 41 }, response: { status: "shipped", paid: true } };

  it("substitutes answers and response fields, and nothing else", () => {
    expect(render("Hi {{answers.name}}, {{ response.status }}; {{answers.missing}}|{{constructor}}", scope)).toBe(
      "Hi Ana, shipped; |",
    );
    expect(render("/orders/{{answers.name}}", { ...scope, answers: { name: "A/1 ?x" } }, encodeURIComponent)).toBe(
      "/orders/A%2F1%20%3Fx",
    );
    expect(render("{{answers.__proto__}}{{answers.toString}}", scope)).toBe("");
  });

  it("keeps a lone placeholder's type for Braze values", () => {
    expect(renderValue("{{answers.age}}", scope)).toBe(41);
    expect(renderValue("{{response.paid}}", scope)).toBe(true);
    expect(renderValue("age {{answers.age}}", scope)).toBe("age 41");
    expect(renderValue("{{answers.missing}}", scope)).toBeNull();
    expect(renderValue(7, scope)).toBe(7);
  });
});

describe("answer validators", () => {
  const spec = (answer: unknown) => AnswerSpec.parse(answer);

  it("text: trims, transforms, checks the pattern and length", () => {
    const order = spec({ type: "text", transform: "upper", pattern: "^[A-Z]-?\\d{5}$" });
    expect(checkAnswer(order, " a-10023 ")).toEqual({ ok: true, value: "A-10023" });
    expect(checkAnswer(order, "A-1002")).toEqual({ ok: false });
    expect(checkAnswer(spec({ type: "text", maxLength: 3 }), "abcd")).toEqual({ ok: false });
    expect(checkAnswer(spec({ type: "text" }), "   ")).toEqual({ ok: false });
  });

  it("number: accepts a decimal comma, full-width digits and thousands spaces; checks bounds", () => {
    const any = spec({ type: "number" });
    expect(checkAnswer(any, "1,5")).toEqual({ ok: true, value: 1.5 });
    expect(checkAnswer(any, "１２")).toEqual({ ok: true, value: 12 });
    expect(checkAnswer(any, "1 234")).toEqual({ ok: true, value: 1234 });
    expect(checkAnswer(any, "12abc")).toEqual({ ok: false });
    expect(checkAnswer(spec({ type: "number", integer: true }), "2.5")).toEqual({ ok: false });
    expect(checkAnswer(spec({ type: "number", min: 1, max: 10 }), "11")).toEqual({ ok: false });
  });

  it("email: one @ and a dotted domain; the domain is lower-cased", () => {
    const email = spec({ type: "email" });
    expect(checkAnswer(email, "Ana@Example.COM")).toEqual({ ok: true, value: "Ana@example.com" });
    for (const bad of ["ana", "ana@example", "ana @example.com", "a@b@c.com", "ana@.com"]) {
      expect(checkAnswer(email, bad)).toEqual({ ok: false });
    }
  });

  it("date: ISO, year-first CJK and day-first forms; impossible dates refused", () => {
    const date = spec({ type: "date" });
    for (const [input, value] of [
      ["2026-11-23", "2026-11-23"],
      ["23/11/2026", "2026-11-23"],
      ["3.4.2026", "2026-04-03"],
      ["2026年11月23日", "2026-11-23"],
      ["2026년 11월 23일", "2026-11-23"],
    ]) {
      expect(checkAnswer(date, input as string)).toEqual({ ok: true, value });
    }
    for (const bad of ["2026-02-30", "31/04/2026", "tomorrow", "11/23/2026"]) {
      expect(checkAnswer(date, bad)).toEqual({ ok: false });
    }
  });

  it("choice: by value, label in any language, number, synonym; nothing else", () => {
    const interest = leadForm.steps[0];
    if (interest?.kind !== "ask") throw new Error("the lead form starts with a question");
    const choice = spec(interest.answer);
    for (const [input, value] of [
      ["Buying", "buying"],
      ["buying!", "buying"],
      ["colaboración", "partnership"],
      ["COLABORACION", "partnership"],
      ["3", "press"],
      ["3.", "press"],
      ["3️⃣", "press"],
      ["media", "press"],
    ]) {
      expect(checkAnswer(choice, input as string)).toEqual({ ok: true, value });
    }
    for (const bad of ["4", "0", "buy now", "partners"]) expect(checkAnswer(choice, bad)).toEqual({ ok: false });
  });
});

describe("triggers", () => {
  const catalog = catalogOf(BUNDLED_FLOWS);

  it("match whole words or phrases anywhere, any case or accent; inside the text for Japanese and Korean", () => {
    expect(catalog.match("What's my ORDER STATUS?")).toEqual({ flowId: "order-status", language: "en" });
    expect(catalog.match("estado del pedido por favor")).toEqual({ flowId: "order-status", language: "es" });
    expect(catalog.match("注文状況を知りたい")).toEqual({ flowId: "order-status", language: "ja" });
    expect(catalog.match("주문 조회해줘")).toEqual({ flowId: "order-status", language: "ko" });
    expect(catalog.match("Partenariat ?")).toEqual({ flowId: "lead-form", language: "fr" });
    expect(catalog.match("we'd love to become a reseller")).toEqual({ flowId: "lead-form", language: undefined });
    expect(catalog.match("reorder statuses")).toBeUndefined(); // not whole words
    expect(catalog.match("where is my order?")).toBeUndefined();
  });
});

describe("the backend call", () => {
  const lookup = Step.parse({
    id: "lookup",
    kind: "http",
    method: "POST",
    urlVar: "API_URL",
    tokenVar: "API_TOKEN",
    path: "/orders/{{answers.order}}",
    timeoutMs: 200,
    response: { status: "string", count: "number" },
    onError: "oops",
  }) as HttpStep;
  const scope = { answers: { order: "A-1" }, response: null };
  const variables: Record<string, string> = { API_URL: "https://api.test/v1/", API_TOKEN: "secret-token" };
  const context = (fetch: Parameters<typeof callBackend>[2]["fetch"]) => ({
    flowId: "orders",
    fetch,
    variable: (name: string) => variables[name],
    idempotencyKey: "run-1:lookup",
  });

  it("posts the answers as JSON with the bearer token and keeps only the declared fields", async () => {
    const backend = fakeBackend(() => Response.json({ status: "ok", count: 2, secret: "x" }));
    expect(await callBackend(lookup, scope, context(backend.fetch))).toEqual({
      kind: "ok",
      response: { status: "ok", count: 2 },
    });
    expect(backend.calls[0]).toMatchObject({
      method: "POST",
      url: "https://api.test/v1/orders/A-1",
      body: '{"flow":"orders","answers":{"order":"A-1"}}',
      headers: {
        authorization: "Bearer secret-token",
        "content-type": "application/json",
        "idempotency-key": "run-1:lookup",
      },
    });
  });

  it("turns every failure into an outcome, never an exception", async () => {
    const cases: [() => Response | Promise<Response>, string][] = [
      [() => new Response("oops", { status: 502 }), "status 502"],
      [() => new Response("{}", { status: 404 }), "status 404"], // no onNotFound: an error like any other
      [() => new Response("not json"), "response is not JSON"],
      [() => Response.json([1, 2]), "response is not a JSON object"],
      [() => Response.json({ status: 5 }), "response field status is not a string"],
      [() => new Response("x".repeat(70_000)), "response too large"],
      [() => Promise.reject(new TypeError("fetch failed")), "network: TypeError: fetch failed"],
    ];
    for (const [answer, reason] of cases) {
      expect(await callBackend(lookup, scope, context(fakeBackend(answer).fetch))).toEqual({ kind: "failed", reason });
    }
    const hung = fakeBackend((_call, signal) => hang(signal));
    expect(await callBackend(lookup, scope, context(hung.fetch))).toEqual({ kind: "failed", reason: "timeout" });
    const unset = { ...context(hung.fetch), variable: () => undefined };
    expect(await callBackend(lookup, scope, unset)).toEqual({ kind: "failed", reason: "API_URL is not set" });
  });
});
