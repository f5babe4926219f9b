// A fake OpenAI-compatible chat-completions API on 127.0.0.1 (AI_PROVIDER=openai, OPENAI_BASE_URL=its url).
// It answers the brain's JSON decision replying "echo: <the newest user turn>", so every token a customer sent shows up in exactly the reply
// that answers it; it can wait a fixed latency and inject failures (HTTP 500) or hangs (beyond any timeout).
import { createServer } from "node:http";
import { freePort } from "./launcher.mjs";

/**
 * latencyMs: fixed delay before every answer; failRate / hangRate: shares of requests answered 500 / never.
 * random: a seeded () => number in [0, 1) so a run can be repeated.
 */
export async function startFakeModel({ latencyMs = 0, failRate = 0, hangRate = 0, random = Math.random } = {}) {
  const port = await freePort();
  const stats = { requests: 0, failed: 0, hung: 0, answered: 0 };
  const hanging = new Set();
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      stats.requests++;
      if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
        res.writeHead(404).end();
        return;
      }
      const roll = random();
      if (roll < hangRate) {
        stats.hung++;
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
      }
      if (roll < hangRate + failRate) {
        stats.failed++;
        res.writeHead(500, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ error: { message: "injected failure", type: "server_error" } }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString() || "{}");
      const lastUser = [...(body.messages ?? [])].reverse().find((m) => m.role === "user");
      // The brain asks for a JSON decision and wraps customer text in <customer_message> tags (src/ai/prompt.ts).
      const said = typeof lastUser?.content === "string" ? lastUser.content : "";
      const text = `echo: ${said.replace(/<\/?customer_message>\n?/g, "").trim()}`;
      const decision = { kind: "reply", text, sources: [], reason: "", topic: "echo", language: "en", confidence: 1 };
      const content = JSON.stringify(decision);
      setTimeout(() => {
        stats.answered++;
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(
          JSON.stringify({
            id: `chatcmpl-${stats.requests}`,
            object: "chat.completion",
            created: Math.floor(Date.now() / 1000),
            model: body.model ?? "fake",
            choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
            usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          }),
        );
      }, latencyMs);
    });
  });
  await new Promise((r) => server.listen(port, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${port}/v1`,
    stats,
    close: () =>
      new Promise((r) => {
        for (const res of hanging) res.destroy();
        server.close(r);
      }),
  };
}
