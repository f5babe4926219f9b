// The conversation's tables, bundled so the turn, delivery and merge logic can share them.
import { FlowStateStore } from "./flow-state";
import { HandoffLogStore } from "./handoff-log";
import { HistoryStore } from "./history";
import { InboxStore } from "./inbox";
import { MetaStore } from "./meta";
import { OutboxStore } from "./outbox";
import { ProfileUpdateStore } from "./profile-updates";
import { TimerStore } from "./timers";

export interface ConversationStores {
  meta: MetaStore;
  inbox: InboxStore;
  history: HistoryStore;
  handoffLog: HandoffLogStore;
  outbox: OutboxStore;
  profileUpdates: ProfileUpdateStore;
  timers: TimerStore;
  flowState: FlowStateStore;
}

export function openStores(storage: DurableObjectStorage): ConversationStores {
  const sql = storage.sql;
  return {
    meta: new MetaStore(sql),
    inbox: new InboxStore(sql),
    history: new HistoryStore(sql),
    handoffLog: new HandoffLogStore(sql),
    outbox: new OutboxStore(sql),
    profileUpdates: new ProfileUpdateStore(sql),
    timers: new TimerStore(sql, storage),
    flowState: new FlowStateStore(sql),
  };
}
