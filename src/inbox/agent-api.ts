// The agent API (docs/handoff.md, /work contract "agent-api"): the queue, a transcript, claim, reply, release,
// close, and the live WebSocket. Every route sits behind requireAgent (inbox-app.ts applies it to /agent/*);
// conversations are addressed by their Durable Object id, never by external_id or phone.
import { Hono } from "hono";
import { z } from "zod";
import type { Conversation } from "../conversation/conversation";
import { AppError, invalidPayload, temporarilyUnavailable } from "../errors";
import type { AgentMutation, AgentReplyResult } from "../handoff/conversation-handoff";
import type { AgentActionError } from "../handoff/transitions";
import { describeError, log } from "../log";
import type { AppEnv } from "../request-context";
import { WHATSAPP_TEXT_LIMIT } from "../whatsapp/split-message";
import { agentOf } from "./agent-auth";
import {
  AGENT_SUBPROTOCOL,
  type AgentConversationView,
  type AuthenticatedAgent,
  type ConversationAnswer,
  type QueueAnswer,
  type ReplyAnswer,
} from "./api-shapes";
import { agentHub, HUB_AGENT_ID_HEADER, HUB_AGENT_NAME_HEADER, HUB_PROTOCOL_HEADER } from "./hub";

export const agentApiRoutes = new Hono<AppEnv>();

const ReplyBody = z.object({ text: z.string().trim().min(1, "must not be empty").max(WHATSAPP_TEXT_LIMIT) });

/** What each refusal of a conversation action answers. */
const ACTION_ERRORS: Record<AgentActionError, AppError> = {
  already_claimed: new AppError(409, "already_claimed", "another agent holds this conversation"),
  not_waiting: new AppError(409, "not_waiting", "this conversation is not waiting for an agent"),
  not_claimed: new AppError(409, "not_claimed", "claim the conversation before replying"),
  opted_out: new AppError(409, "opted_out", "the customer opted out (STOP): no message can be sent"),
  not_found: new AppError(404, "not_found", "no such conversation"),
};

agentApiRoutes.get("/agent/api/me", (c) => c.json(agentOf(c) satisfies AuthenticatedAgent));

agentApiRoutes.get("/agent/api/conversations", async (c) => {
  agentOf(c);
  const conversations = await callDurableObject(() => agentHub(c.env).list());
  return c.json({ conversations } satisfies QueueAnswer);
});

agentApiRoutes.get("/agent/api/conversations/:id", async (c) => {
  agentOf(c);
  const stub = conversationById(c.env, c.req.param("id"));
  const view = await callDurableObject(() => stub.agentView());
  if (!view) {
    // A queue entry for a conversation that no longer exists (erased by retention): drop it.
    await agentHub(c.env)
      .conversationGone(c.req.param("id"))
      .catch((error) => log("warn", "agent_api.hub_cleanup_failed", { error: describeError(error) }));
    throw ACTION_ERRORS.not_found;
  }
  return c.json(view satisfies AgentConversationView);
});

for (const action of ["claim", "release", "close"] as const) {
  agentApiRoutes.post(`/agent/api/conversations/:id/${action}`, async (c) => {
    const { agent } = agentOf(c);
    const stub = conversationById(c.env, c.req.param("id"));
    const result = await callDurableObject(async (): Promise<AgentMutation> => await stub[action](agent));
    if (!result.ok) throw ACTION_ERRORS[result.code];
    return c.json({ conversation: result.conversation } satisfies ConversationAnswer);
  });
}

agentApiRoutes.post("/agent/api/conversations/:id/reply", async (c) => {
  const { agent } = agentOf(c);
  const stub = conversationById(c.env, c.req.param("id"));
  const parsed = ReplyBody.safeParse(await c.req.json().catch(() => undefined));
  if (!parsed.success) throw invalidPayload(`text ${parsed.error.issues[0]?.message ?? "is required"}`, "text");
  const result = await callDurableObject(
    async (): Promise<AgentReplyResult> => await stub.agentReply(agent, parsed.data.text),
  );
  if (!result.ok) throw ACTION_ERRORS[result.code];
  return c.json({ message: result.message } satisfies ReplyAnswer, 202);
});

agentApiRoutes.get("/agent/api/live", async (c) => {
  const { agent } = agentOf(c);
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    throw new AppError(426, "upgrade_required", "open this URL as a WebSocket");
  }
  const headers = new Headers({
    Upgrade: "websocket",
    [HUB_AGENT_ID_HEADER]: agent.id,
    [HUB_AGENT_NAME_HEADER]: agent.name,
  });
  const offered = (c.req.header("Sec-WebSocket-Protocol") ?? "").split(",").map((p) => p.trim());
  if (offered.includes(AGENT_SUBPROTOCOL)) headers.set(HUB_PROTOCOL_HEADER, AGENT_SUBPROTOCOL);
  return agentHub(c.env).fetch(new Request("https://agent-hub.internal/live", { headers }));
});

/** The conversation's Durable Object from its hex id; anything that is not one of ours is a 404. */
function conversationById(env: Env, id: string): DurableObjectStub<Conversation> {
  if (!/^[0-9a-f]{64}$/.test(id)) throw ACTION_ERRORS.not_found;
  try {
    return env.CONVERSATIONS.get(env.CONVERSATIONS.idFromString(id));
  } catch {
    throw ACTION_ERRORS.not_found;
  }
}

/** A Durable Object that cannot be reached is a transient fault: 503, retry. */
async function callDurableObject<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AppError) throw error;
    log("error", "agent_api.durable_object_failed", { error: describeError(error) });
    throw temporarilyUnavailable("the conversation could not be reached; retry", error);
  }
}
