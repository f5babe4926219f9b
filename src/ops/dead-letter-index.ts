// Which conversations hold dead letters, so an operator can list and replay them after fixing the configuration
// (Durable Objects cannot be enumerated). Written only when a part is dead-lettered: a rare event.
import { DurableObject } from "cloudflare:workers";

export class DeadLetterIndex extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS dead (conversation TEXT PRIMARY KEY, since INTEGER NOT NULL)");
  }

  async add(conversation: string): Promise<void> {
    this.ctx.storage.sql.exec(
      "INSERT OR IGNORE INTO dead (conversation, since) VALUES (?, ?)",
      conversation,
      Date.now(),
    );
  }

  async list(): Promise<{ conversation: string; since: number }[]> {
    return this.ctx.storage.sql
      .exec<{ conversation: string; since: number }>("SELECT * FROM dead ORDER BY since")
      .toArray();
  }

  async remove(conversation: string): Promise<void> {
    this.ctx.storage.sql.exec("DELETE FROM dead WHERE conversation = ?", conversation);
  }
}

export function deadLetterIndex(env: Env): DurableObjectStub<DeadLetterIndex> {
  return env.DEAD_LETTERS.get(env.DEAD_LETTERS.idFromName("global"));
}
