// The agent inbox as one Hono sub-app: the sign-in gate over all of /agent/*, the agent API and the page.
// src/app.ts mounts it with app.route("/", inboxApp); the paths stay absolute (/agent, /agent/api/...) so the
// public routes read the same here as in docs/handoff.md.
import { Hono } from "hono";
import type { AppEnv } from "../request-context";
import { showBidiControlsInJson } from "../security/bidi";
import { agentApiRoutes } from "./agent-api";
import { requireAgentOnInbox } from "./agent-auth";
import { agentPageRoutes } from "./agent-page";

export const inboxApp = new Hono<AppEnv>();

// Every inbox surface (page, API, WebSocket) requires a signed-in agent; applied once here so no route mounted
// under /agent can forget it. The page alone is served to a token agent who has yet to sign in on it.
// ("/agent/*" matches "/agent" too in Hono: one registration, so the gate runs once per request.)
inboxApp.use("/agent/*", requireAgentOnInbox);
// Customer text reaches agents with its bidi controls made visible ("\u202Egnp.exe" is not "exe.png").
inboxApp.use("/agent/api/*", showBidiControlsInJson);
inboxApp.route("/", agentApiRoutes);
inboxApp.route("/", agentPageRoutes);
