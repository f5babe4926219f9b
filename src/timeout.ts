// Runs an operation with an AbortSignal that fires after `ms`, and clears the timer as soon as the operation
// settles. (AbortSignal.timeout() keeps its timer alive for the full duration, which holds a Durable Object
// busy, delays its eviction and bills wall time for nothing.)
export async function withTimeout<T>(ms: number, operation: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`timed out after ${ms} ms`, "TimeoutError")), ms);
  try {
    return await operation(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
