// A fake Braze REST API on MSW: records every request and answers from a script, so a test can inject
// 5xx, 429 with X-RateLimit-Reset, lost connections (before or after Braze "got" the request) and slow answers.
import { delay, HttpResponse, http } from "msw";
import { TEST_BINDINGS } from "../bindings";

export type BrazeBehaviour =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { networkError: "before-receipt" | "after-receipt" }
  | { delayMs: number; then?: BrazeBehaviour };

export interface RecordedCall {
  path: string;
  /** Whether Braze acted on it: a 2xx, or a connection lost after Braze got the request. */
  delivered: boolean;
  body: Record<string, unknown>;
  authorization: string | null;
  at: number;
}

export interface TriggerSendCall {
  delivered: boolean;
  campaignId: string;
  recipient: Record<string, unknown>;
  text: string;
  /** The quick-reply labels sent as trigger properties button_1..button_3 (absent: none). */
  buttons?: string[];
  /** The recipient's `attributes` object (chat facts riding on the send), if any. */
  attributes?: Record<string, unknown>;
}

/** The parts of an intercepted request the fake reads (MSW's request type is not workerd's Request). */
interface InterceptedRequest {
  url: string;
  headers: Headers;
  json(): Promise<unknown>;
}

class FakeBraze {
  readonly calls: RecordedCall[] = [];
  /** Every request attempted, including those that "never reached" Braze. */
  attempts = 0;
  private script: BrazeBehaviour[] = [];
  private pathScripts = new Map<string, BrazeBehaviour[]>();
  private dispatchCounter = 0;

  reset(): void {
    this.calls.length = 0;
    this.attempts = 0;
    this.script = [];
    this.pathScripts.clear();
  }

  /** The next requests get these behaviours, in order; after that, 201 success. */
  willRespond(...behaviours: BrazeBehaviour[]): void {
    this.script.push(...behaviours);
  }

  /** Like willRespond, for requests to one path only (e.g. "/users/track"); checked before the general script. */
  willRespondOn(path: string, ...behaviours: BrazeBehaviour[]): void {
    this.pathScripts.set(path, [...(this.pathScripts.get(path) ?? []), ...behaviours]);
  }

  /** The /users/track requests for this external_id: its attributes object (ids removed) and events. */
  profileWritesFor(
    externalId: string,
  ): { delivered: boolean; attributes: Record<string, unknown> | undefined; events: Record<string, unknown>[] }[] {
    return this.calls
      .filter((c) => c.path === "/users/track")
      .map((c) => {
        const events = (c.body.events as Record<string, unknown>[]).filter((e) => e.external_id === externalId);
        return { delivered: c.delivered, attributes: trackedAttributes(c, externalId), events };
      })
      .filter((w) => w.attributes !== undefined || w.events.length > 0);
  }

  /**
   * Every attribute update Braze applied to this external_id, in call order: /users/track objects and the
   * attributes that rode on a reply's trigger/send (src/conversation/profile-ride.ts).
   */
  appliedAttributesFor(externalId: string): Record<string, unknown>[] {
    return this.calls
      .filter((c) => c.delivered)
      .flatMap((c) => {
        if (c.path === "/users/track") {
          const tracked = trackedAttributes(c, externalId);
          return tracked ? [tracked] : [];
        }
        if (c.path !== "/campaigns/trigger/send") return [];
        const recipient = (c.body.recipients as Record<string, unknown>[])[0] ?? {};
        const attributes = recipient.attributes as Record<string, unknown> | undefined;
        return recipient.external_user_id === externalId && attributes ? [attributes] : [];
      });
  }

  triggerSends(filter?: (call: TriggerSendCall) => boolean): TriggerSendCall[] {
    const sends = this.calls
      .filter((c) => c.path === "/campaigns/trigger/send")
      .map((c) => {
        const recipients = c.body.recipients as Record<string, unknown>[];
        const { trigger_properties, attributes, ...recipient } = recipients[0] ?? {};
        const properties = trigger_properties as Record<string, string>;
        const buttons = [1, 2, 3].map((n) => properties[`button_${n}`]).filter((b) => b !== undefined);
        return {
          delivered: c.delivered,
          campaignId: c.body.campaign_id as string,
          recipient,
          text: properties.external_system_msg_body as string,
          ...(buttons.length > 0 ? { buttons } : {}),
          ...(attributes !== undefined ? { attributes: attributes as Record<string, unknown> } : {}),
        };
      });
    return filter ? sends.filter(filter) : sends;
  }

  /** The trigger/sends Braze acted on for this external_id: what the customer's phone would show. */
  sendsTo(externalId: string): TriggerSendCall[] {
    return this.triggerSends((s) => s.delivered && s.recipient.external_user_id === externalId);
  }

  /** Every trigger/send request that reached Braze for this external_id, whatever the answer. */
  requestsFor(externalId: string): TriggerSendCall[] {
    return this.triggerSends((s) => s.recipient.external_user_id === externalId);
  }

  /**
   * What Braze acted on for this external_id, in order: "send: <text>" for a trigger/send and
   * "subscription: <state>" for a subscription change. Shows the order of confirmations and opt-outs.
   */
  timelineFor(externalId: string): string[] {
    return this.calls
      .filter((c) => c.delivered)
      .flatMap((c) => {
        if (c.path === "/v2/subscription/status/set") {
          const groups = c.body.subscription_groups as { external_ids?: string[]; subscription_state: string }[];
          return groups
            .filter((g) => g.external_ids?.includes(externalId))
            .map((g) => `subscription: ${g.subscription_state}`);
        }
        if (c.path !== "/campaigns/trigger/send") return [];
        const recipient = (c.body.recipients as Record<string, unknown>[])[0] ?? {};
        if (recipient.external_user_id !== externalId) return [];
        const properties = recipient.trigger_properties as { external_system_msg_body: string };
        return [`send: ${properties.external_system_msg_body}`];
      });
  }

  readonly handler = http.post(`${TEST_BINDINGS.BRAZE_REST_ENDPOINT}/*`, async ({ request }) => {
    this.attempts++;
    const behaviour = this.pathScripts.get(new URL(request.url).pathname)?.shift() ??
      this.script.shift() ?? { status: 201 };
    return this.respond(request, behaviour);
  });

  private async respond(request: InterceptedRequest, behaviour: BrazeBehaviour): Promise<Response> {
    if ("delayMs" in behaviour) {
      const then = behaviour.then ?? { status: 201 };
      await this.record(request, "status" in then && then.status < 300);
      await delay(behaviour.delayMs);
      return this.build(then);
    }
    if ("networkError" in behaviour) {
      if (behaviour.networkError === "after-receipt") await this.record(request, true);
      return HttpResponse.error();
    }
    await this.record(request, behaviour.status < 300);
    return this.build(behaviour);
  }

  private build(behaviour: BrazeBehaviour): Response {
    if (!("status" in behaviour)) return HttpResponse.error();
    const body =
      behaviour.body ??
      (behaviour.status < 300
        ? { dispatch_id: `dispatch-${++this.dispatchCounter}`, message: "success" }
        : { message: "error" });
    return HttpResponse.json(body as Record<string, unknown>, { status: behaviour.status, headers: behaviour.headers });
  }

  private async record(request: InterceptedRequest, delivered: boolean): Promise<void> {
    const url = new URL(request.url);
    this.calls.push({
      delivered,
      path: url.pathname,
      body: (await request.json()) as Record<string, unknown>,
      authorization: request.headers.get("Authorization"),
      at: Date.now(),
    });
  }
}

export const fakeBraze = new FakeBraze();

/** The attributes a /users/track call sets on this external_id, without the identifier; undefined if none. */
function trackedAttributes(call: RecordedCall, externalId: string): Record<string, unknown> | undefined {
  const found = (call.body.attributes as Record<string, unknown>[]).find((a) => a.external_id === externalId);
  if (!found) return undefined;
  const { external_id: _id, ...values } = found;
  return values;
}
