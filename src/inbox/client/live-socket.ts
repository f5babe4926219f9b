// The live connection to the agent hub (GET /agent/api/live, docs/handoff.md): "changed" frames make the page
// refetch what changed; a dropped socket reconnects with jittered exponential backoff. A token agent's token
// rides as the subprotocol pair ["braze-agent", token], since a browser cannot set headers on a WebSocket.
import { AGENT_SUBPROTOCOL, type LiveFrame } from "../api-shapes";

const MAX_BACKOFF_MS = 30_000;
const CHANGED: LiveFrame["type"] = "changed";

export interface LiveSocketHooks {
  token(): string | null;
  signedIn(): boolean;
  onOpen(): void;
  onChanged(conversationId: string): void;
  onDropped(): void;
  /** Asked before a later reconnect: a socket refused at the upgrade looks like any drop. False: stop trying. */
  stillSignedIn(): Promise<boolean>;
}

export class LiveSocket {
  private socket: WebSocket | null = null;
  private attempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly url: string,
    private readonly hooks: LiveSocketHooks,
  ) {}

  connect(): void {
    if (!this.hooks.signedIn() || this.socket) return;
    const token = this.hooks.token();
    let ws: WebSocket;
    try {
      ws = token ? new WebSocket(this.url, [AGENT_SUBPROTOCOL, token]) : new WebSocket(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = ws;
    ws.addEventListener("open", () => {
      this.attempts = 0;
      this.hooks.onOpen();
    });
    ws.addEventListener("message", (event) => {
      const conversationId = changedConversation(event.data);
      if (conversationId !== undefined) this.hooks.onChanged(conversationId);
    });
    ws.addEventListener("close", () => {
      if (this.socket !== ws) return;
      this.socket = null;
      if (!this.hooks.signedIn()) return;
      this.hooks.onDropped();
      this.scheduleReconnect();
    });
  }

  disconnect(): void {
    clearTimeout(this.reconnectTimer);
    const ws = this.socket;
    this.socket = null;
    if (ws) ws.close(1000, "signed out");
  }

  /** Keeps the connection warm through proxies; the hub answers "pong" without waking up. */
  ping(): void {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send("ping");
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempts) * (0.5 + Math.random() / 2);
    this.attempts++;
    this.reconnectTimer = setTimeout(async () => {
      if (this.attempts > 2 && !(await this.hooks.stillSignedIn())) return;
      this.connect();
    }, delay);
  }
}

/** The conversation a "changed" frame names; undefined for "pong", "hello" and anything unreadable. */
function changedConversation(data: unknown): string | undefined {
  if (typeof data !== "string") return undefined;
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    return undefined; // "pong"
  }
  if (typeof frame !== "object" || frame === null) return undefined;
  if (Reflect.get(frame, "type") !== CHANGED) return undefined;
  const conversationId: unknown = Reflect.get(frame, "conversationId");
  return typeof conversationId === "string" ? conversationId : "";
}
