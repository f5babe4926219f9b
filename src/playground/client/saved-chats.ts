// What the playground remembers across reloads, in localStorage: the chosen customer, recent customers, the
// webhooks sent to each (the sink keeps Braze's side) and the sink's last id. Read back checked, field by field:
// a value an older page wrote in another shape is dropped, not trusted.
import { type Customer, keyOf } from "./webhook-body";

/** One webhook the playground posted, with the Worker's answers (a resend adds one). */
export interface SentEntry {
  at: number;
  text: string;
  body: string;
  statuses?: string[];
  ok?: boolean;
}

export interface SavedChats {
  sent: Record<string, SentEntry[]>;
  customers: Customer[];
  customer?: Customer;
  /** The sink's highest record id seen: a sink that restarts lower was wiped, and these chats are stale. */
  sinkHigh?: number;
}

const STORE = "wa-playground:v1";
const RECENT_CUSTOMERS = 8;

const isObject = (v: unknown): v is object => typeof v === "object" && v !== null;
const field = (v: unknown, key: string): unknown => (isObject(v) ? Reflect.get(v, key) : undefined);
const isString = (v: unknown): v is string => typeof v === "string";

function asCustomer(v: unknown): Customer | undefined {
  const [userId, phone, name, language] = ["userId", "phone", "name", "language"].map((k) => field(v, k));
  if (!isString(userId) || !isString(phone) || !isString(name) || !isString(language)) return undefined;
  return { userId, phone, name, language };
}

function asSentEntry(v: unknown): SentEntry | undefined {
  const at = field(v, "at");
  const text = field(v, "text");
  const body = field(v, "body");
  if (typeof at !== "number" || !isString(text) || !isString(body)) return undefined;
  const statuses = field(v, "statuses");
  const ok = field(v, "ok");
  return {
    at,
    text,
    body,
    ...(Array.isArray(statuses) ? { statuses: statuses.filter(isString) } : {}),
    ...(typeof ok === "boolean" ? { ok } : {}),
  };
}

function asSent(v: unknown): Record<string, SentEntry[]> {
  const sent: Record<string, SentEntry[]> = {};
  if (!isObject(v)) return sent;
  for (const [key, entries] of Object.entries(v)) {
    if (Array.isArray(entries)) sent[key] = entries.flatMap((e) => asSentEntry(e) ?? []);
  }
  return sent;
}

export function loadSavedChats(): SavedChats {
  let stored: unknown;
  try {
    stored = JSON.parse(localStorage.getItem(STORE) || "{}");
  } catch {
    stored = {};
  }
  const customers = field(stored, "customers");
  const customer = asCustomer(field(stored, "customer"));
  const sinkHigh = field(stored, "sinkHigh");
  return {
    sent: asSent(field(stored, "sent")),
    customers: Array.isArray(customers) ? customers.flatMap((c) => asCustomer(c) ?? []) : [],
    ...(customer ? { customer } : {}),
    ...(typeof sinkHigh === "number" ? { sinkHigh } : {}),
  };
}

export function saveChats(saved: SavedChats): void {
  try {
    localStorage.setItem(STORE, JSON.stringify(saved));
  } catch {
    // storage full or switched off: the chats live as long as the page
  }
}

/** Puts a customer first among the recent ones. */
export function remember(saved: SavedChats, c: Customer): void {
  saved.customers = [c, ...saved.customers.filter((o) => keyOf(o) !== keyOf(c))].slice(0, RECENT_CUSTOMERS);
}
