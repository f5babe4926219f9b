// What the local Braze sink records for each call, and what GET /local/braze/sends lists. A module of its own with
// no imports, so the playground's browser code (src/playground/client) reads the shape the sink writes.

export interface SinkRecord {
  id: number;
  /** The Braze REST path, e.g. /campaigns/trigger/send. */
  path: string;
  /** The request body as JSON: whatever the Worker sent. */
  body: unknown;
  at: number;
}

/** GET /local/braze/sends?after=<id>: at most SINK_PAGE_SIZE records after that id, oldest first. */
export interface SinkListing {
  sends: SinkRecord[];
}

export const SINK_PAGE_SIZE = 200;
