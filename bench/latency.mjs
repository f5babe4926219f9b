// Measures, on the real Worker under `wrangler dev --local`, the time from sending a webhook to the Worker's
// call reaching Braze (a fake Braze on 127.0.0.1), with REPLY_DEBOUNCE_MS=0 and the offline model.
// Usage: npm run latency [-- <messages>]   Prints the ack and webhook->Braze percentiles.
import { startFakeBraze } from "./lib/fake-braze-server.mjs";
import { startWorker } from "./lib/launcher.mjs";

const messages = Number(process.argv[2] ?? 200);
const token = "local-dev-webhook-token";
const braze = await startFakeBraze();
const worker = await startWorker({
  vars: {
    BRAZE_REST_ENDPOINT: braze.url,
    BRAZE_API_KEY: "bench-key",
    BRAZE_REPLY_CAMPAIGN_ID: "bench-campaign",
    BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID: "bench-group",
    REPLY_DEBOUNCE_MS: "0",
  },
});
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
try {
  const acks = [];
  const endToEnd = [];
  for (let i = 0; i < messages; i++) {
    const user = `lat-${i}-${Date.now()}`;
    const body = JSON.stringify({
      escaped: true,
      user_id: user,
      message_id: `m-${i}`,
      message: "How long does delivery take?",
    });
    const before = braze.calls.length;
    const started = performance.now();
    const response = await fetch(`${worker.url}/webhooks/whatsapp`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}` },
      body,
    });
    acks.push(performance.now() - started);
    if (response.status !== 202) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
    while (braze.calls.length === before) await new Promise((r) => setImmediate(r));
    endToEnd.push(braze.calls[before].at - started);
  }
  const warm = endToEnd.slice(10);
  const fmt = (v) => `${v.toFixed(1)} ms`;
  console.log(`messages: ${messages} (first 10 excluded as warm-up), sequential, one new customer each`);
  console.log(
    `webhook ack            p50 ${fmt(percentile(acks.slice(10), 50))}  p99 ${fmt(percentile(acks.slice(10), 99))}`,
  );
  console.log(
    `webhook -> Braze call  p50 ${fmt(percentile(warm, 50))}  p99 ${fmt(percentile(warm, 99))}  max ${fmt(Math.max(...warm))}`,
  );
} finally {
  await worker.stop();
  await braze.close();
}
