// The agent hub: one Durable Object for the whole inbox. It keeps the queue index (conversation id ->
// summary, for conversations a person holds or awaits), holds the agents' WebSockets with the hibernation API
// (idle agents cost nothing; ping/pong is answered by the runtime without waking it) and broadcasts
// "changed" events. The conversation objects stay the source of truth: they push a fresh summary on every
// transition, message and delivery change, and a missed push is repaired by the next one.
import { DurableObject } from "cloudflare:workers";
import { describeError, log } from "../log";
import type { AgentIdentity, ChangeKind, ConversationSummary, LiveFrame } from "./api-shapes";

/** Headers the Worker sets on the upgrade it forwards here, after authenticating the agent. */
export const HUB_AGENT_ID_HEADER = "X-Agent-Id";
export const HUB_AGENT_NAME_HEADER = "X-Agent-Name";
export const HUB_PROTOCOL_HEADER = "X-Agent-Protocol";

export class AgentHub extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS queue (
         id TEXT PRIMARY KEY, status TEXT NOT NULL, summary TEXT NOT NULL, updated_at INTEGER NOT NULL
       )`,
    );
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /** A conversation changed: index it while a person holds or awaits it, drop it otherwise, tell every agent. */
  async conversationChanged(summary: ConversationSummary, what: ChangeKind): Promise<{ agentsConnected: number }> {
    const sql = this.ctx.storage.sql;
    if (summary.status === "waiting" || summary.status === "agent") {
      sql.exec(
        `INSERT INTO queue (id, status, summary, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, summary = excluded.summary, updated_at = excluded.updated_at`,
        summary.id,
        summary.status,
        JSON.stringify(summary),
        summary.updatedAt,
      );
    } else {
      sql.exec("DELETE FROM queue WHERE id = ?", summary.id);
    }
    this.broadcast({ type: "changed", conversationId: summary.id, what });
    return { agentsConnected: this.ctx.getWebSockets().length };
  }

  /** A conversation moved to another object (a phone number's chat joined its customer's): drop its entry. */
  async conversationGone(id: string): Promise<void> {
    this.ctx.storage.sql.exec("DELETE FROM queue WHERE id = ?", id);
    this.broadcast({ type: "changed", conversationId: id, what: "queue" });
  }

  /** The queue: waiting and claimed conversations, newest activity first. */
  async list(): Promise<ConversationSummary[]> {
    return this.ctx.storage.sql
      .exec<{ summary: string }>("SELECT summary FROM queue ORDER BY updated_at DESC")
      .toArray()
      .map((row) => JSON.parse(row.summary) as ConversationSummary);
  }

  async agentsConnected(): Promise<number> {
    return this.ctx.getWebSockets().length;
  }

  /** Only the Worker's /agent/api/live route reaches this, with the agent it authenticated. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("expected a WebSocket upgrade", { status: 426 });
    }
    const agent: AgentIdentity = {
      id: request.headers.get(HUB_AGENT_ID_HEADER) ?? "",
      name: request.headers.get(HUB_AGENT_NAME_HEADER) ?? "",
    };
    if (!agent.id) return new Response("no agent", { status: 401 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [`agent:${agent.id}`]);
    server.serializeAttachment(agent);
    server.send(JSON.stringify({ type: "hello", agent } satisfies LiveFrame));
    const protocol = request.headers.get(HUB_PROTOCOL_HEADER);
    return new Response(null, {
      status: 101,
      webSocket: client,
      headers: protocol ? { "Sec-WebSocket-Protocol": protocol } : {},
    });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    // The runtime answers "ping" itself; this covers a ping sent with surrounding whitespace. Nothing else
    // is accepted from agents here: every action goes through the authenticated HTTP API.
    if (typeof message === "string" && message.trim() === "ping") ws.send("pong");
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      ws.close(code === 1005 ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }

  override async webSocketError(_ws: WebSocket, error: unknown): Promise<void> {
    log("warn", "agent_hub.socket_error", { error: describeError(error) });
  }

  private broadcast(event: LiveFrame & { type: "changed" }): void {
    const frame = JSON.stringify(event);
    for (const socket of this.ctx.getWebSockets()) {
      try {
        socket.send(frame);
      } catch (error) {
        log("warn", "agent_hub.send_failed", { error: describeError(error) });
      }
    }
  }
}

export function agentHub(env: Env): DurableObjectStub<AgentHub> {
  return env.AGENT_HUB.get(env.AGENT_HUB.idFromName("global"));
}
