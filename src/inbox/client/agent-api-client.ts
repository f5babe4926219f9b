// The inbox page's one door to the agent API (/agent/api/..., docs/handoff.md): every request goes through
// call(), which sends the token agent's Bearer header, turns the JSON error envelope into an ApiError and tells
// the page when the sign-in no longer holds. Answers are typed with the server's own shapes (../api-shapes).
import type { ErrorEnvelope } from "../../errors";
import type {
  AgentConversationView,
  AuthenticatedAgent,
  ConversationAnswer,
  QueueAnswer,
  ReplyAnswer,
} from "../api-shapes";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type ConversationAction = "claim" | "release" | "close";

interface AgentApiOptions {
  apiPath: string;
  token: () => string | null;
  /** A 401: the token (or the Access session) no longer signs this agent in. */
  onUnauthorized: () => void;
}

const conversationPath = (id: string) => `/conversations/${encodeURIComponent(id)}`;

export function agentApiClient(options: AgentApiOptions) {
  async function call<Answer>(path: string, method = "GET", body?: unknown): Promise<Answer> {
    const response = await send(path, method, body);
    const data: unknown = await response.json().catch(() => ({}));
    // Same-origin answers built from the same shapes (api-shapes.ts), so they are typed rather than re-validated.
    if (response.ok) return data as Answer;
    if (response.status === 401) options.onUnauthorized();
    const error = errorOf(data);
    const status = response.status;
    throw new ApiError(status, error.code ?? `http_${status}`, error.message ?? `HTTP ${status}`);
  }

  async function send(path: string, method: string, body: unknown): Promise<Response> {
    const headers: Record<string, string> = { Accept: "application/json" };
    const token = options.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    try {
      return await fetch(options.apiPath + path, {
        method,
        headers,
        credentials: "same-origin",
        cache: "no-store",
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, "unreachable", "The Worker is not reachable. Retrying when the connection is back.");
    }
  }

  return {
    me: () => call<AuthenticatedAgent>("/me"),
    queue: () => call<QueueAnswer>("/conversations"),
    conversation: (id: string) => call<AgentConversationView>(conversationPath(id)),
    act: (id: string, action: ConversationAction) =>
      call<ConversationAnswer>(`${conversationPath(id)}/${action}`, "POST"),
    reply: (id: string, text: string) => call<ReplyAnswer>(`${conversationPath(id)}/reply`, "POST", { text }),
  };
}

export type AgentApiClient = ReturnType<typeof agentApiClient>;

/** The envelope's code and message, when the body is one (a proxy's HTML error page is not). */
function errorOf(data: unknown): Partial<ErrorEnvelope["error"]> {
  const error: unknown = typeof data === "object" && data !== null ? Reflect.get(data, "error") : undefined;
  if (typeof error !== "object" || error === null) return {};
  const code: unknown = Reflect.get(error, "code");
  const message: unknown = Reflect.get(error, "message");
  return {
    ...(typeof code === "string" && code ? { code } : {}),
    ...(typeof message === "string" && message ? { message } : {}),
  };
}
