// Helpers for the live-agent handoff tests: two token agents, calls to the agent API through the real app,
// the inbox WebSocket, and waiting for a conversation's chat status.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import { app } from "../../src/app";
import type { Conversation } from "../../src/conversation/conversation";
import type { ConversationSummary, TranscriptMessage } from "../../src/inbox/api-shapes";
import type { ChatStatus } from "../../src/pipeline/types";
import { conversation } from "./conversation";
import { WORKER_URL } from "./webhook";

export const ALICE = { id: "alice", token: "alice-agent-token-0123456789" };
export const BOB = { id: "bob", token: "bob-agent-token-0123456789ab" };

/** The Worker's bindings with agent tokens configured (one object: the parsed configuration is cached by it). */
export const agentEnv = { ...env, AGENT_TOKENS: `${ALICE.id}:${ALICE.token},${BOB.id}:${BOB.token}` };

export function conversationId(name: string): string {
  return env.CONVERSATIONS.idFromName(name).toString();
}

export async function agentCall(
  path: string,
  options: { method?: string; agent?: { token: string } | null; body?: unknown; headers?: Record<string, string> } = {},
  bindings: object = agentEnv,
): Promise<Response> {
  const headers = new Headers(options.headers);
  const agent = options.agent === undefined ? ALICE : options.agent;
  if (agent) headers.set("Authorization", `Bearer ${agent.token}`);
  if (options.body !== undefined) headers.set("Content-Type", "application/json");
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return app.request(`${WORKER_URL}${path}`, { method: options.method ?? "GET", headers, body }, bindings);
}

export const act = (name: string, action: "claim" | "release" | "close", agent: { token: string } = ALICE) =>
  agentCall(`/agent/api/conversations/${conversationId(name)}/${action}`, { method: "POST", agent });

export const reply = (name: string, text: string, agent: { token: string } = ALICE) =>
  agentCall(`/agent/api/conversations/${conversationId(name)}/reply`, { method: "POST", agent, body: { text } });

export async function view(
  name: string,
): Promise<{ conversation: ConversationSummary; transcript: TranscriptMessage[]; templateConfigured: boolean }> {
  const response = await agentCall(`/agent/api/conversations/${conversationId(name)}`);
  expect(response.status).toBe(200);
  return response.json();
}

export async function waitForStatus(name: string, status: ChatStatus): Promise<void> {
  await vi.waitFor(async () => expect((await conversation(name).agentView())?.conversation.status).toBe(status), {
    timeout: 8000,
    interval: 25,
  });
}

/** Replaces the configuration of the live conversation instance (until it is evicted). */
export async function patchConfig(
  name: string,
  patch: (config: Conversation["deps"]["config"]) => Conversation["deps"]["config"],
): Promise<void> {
  await runInDurableObject(conversation(name), (instance: Conversation) => {
    instance.deps = { ...instance.deps, config: patch(instance.deps.config) };
  });
}

/** Opens the inbox WebSocket as this agent; frames received are collected in `frames`. */
export async function openLive(agent: { token: string } = ALICE): Promise<{ socket: WebSocket; frames: string[] }> {
  const response = await agentCall("/agent/api/live", {
    agent: null,
    headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": `braze-agent, ${agent.token}` },
  });
  expect(response.status).toBe(101);
  const socket = response.webSocket;
  if (!socket) throw new Error("no WebSocket in the upgrade response");
  const frames: string[] = [];
  socket.addEventListener("message", (event) => frames.push(String(event.data)));
  socket.accept();
  return { socket, frames };
}
