// The operator's one global index (Durable Objects cannot be enumerated): which conversations hold dead letters,
// so an operator can list and replay them after fixing the configuration, and the intake notes of
// intake-notes.ts. Written only on rare events: a dead letter, a conversation's daily intake warning.
import { DurableObject } from "cloudflare:workers";
import { type IntakeNote, type IntakeNoteName, IntakeNotesTable } from "./intake-notes";

export class DeadLetterIndex extends DurableObject<Env> {
  private readonly intake: IntakeNotesTable;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS dead (conversation TEXT PRIMARY KEY, since INTEGER NOT NULL)");
    this.intake = new IntakeNotesTable(ctx.storage.sql);
  }

  async noteIntake(name: IntakeNoteName, at: number): Promise<void> {
    this.intake.note(name, at);
  }

  async intakeNotes(): Promise<Partial<Record<IntakeNoteName, IntakeNote>>> {
    return this.intake.all();
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
