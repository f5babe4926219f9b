// A pretend order backend for `npm start` (ORDER_STATUS_API_URL=demo, local sink only), answered in-process
// so the order-status flow works offline. A few fixed orders, plus numbers that fail on purpose.
export const DEMO_BACKEND_URL = "https://demo-backend.localhost";

const ORDERS: Record<string, { status: string; eta?: string }> = {
  "A-10023": { status: "shipped", eta: "2026-11-27" },
  "A-10024": { status: "processing" },
  "A-10025": { status: "delivered" },
};

/** Seconds the "hanging" order keeps the caller waiting: longer than any flow's timeout. */
const HANG_MS = 30_000;

export async function demoBackend(request: Request): Promise<Response> {
  const match = /^\/orders\/([^/]+)$/.exec(new URL(request.url).pathname);
  if (!match) return Response.json({ error: "not found" }, { status: 404 });
  const number = decodeURIComponent(match[1] ?? "")
    .toUpperCase()
    .replace(/^([A-Z])-?(\d+)$/, "$1-$2");
  if (number === "A-50300") return Response.json({ error: "down for maintenance" }, { status: 503 });
  if (number === "A-50400") {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, HANG_MS);
      request.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        reject(request.signal.reason);
      });
    });
  }
  const order = ORDERS[number];
  if (!order) return Response.json({ error: "no such order" }, { status: 404 });
  return Response.json({ order: number, ...order });
}
