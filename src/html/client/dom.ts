// DOM helpers the two pages' browser code shares (src/inbox/client, src/playground/client): typed element lookup,
// element building that only ever writes text (never HTML), the page's configuration block and the clock format.

/** The page's element with this id, checked to be of the expected kind: a renamed id fails loudly at start. */
export function byId<T extends HTMLElement>(id: string, kind: { new (): T; prototype: T }): T {
  const node = document.getElementById(id);
  if (!(node instanceof kind)) throw new Error(`#${id} is missing or is not a ${kind.name}`);
  return node;
}

type Child = Node | string | null | undefined;

/** An element with a class and children; strings become text nodes, so data can never become markup. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  cls: string,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  for (const child of children) if (child !== null && child !== undefined && child !== "") node.append(child);
  return node;
}

export const clock = (ms: number): string =>
  new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/**
 * The page's JSON configuration block (<script type="application/json" id=...>, written by the server's page.ts):
 * one string field by name, checked, so a field the server renamed fails at start instead of reading undefined.
 */
export function pageConfigReader(id: string): (key: string) => string {
  const parsed: unknown = JSON.parse(byId(id, HTMLScriptElement).textContent ?? "null");
  return (key) => {
    const value: unknown = typeof parsed === "object" && parsed !== null ? Reflect.get(parsed, key) : undefined;
    if (typeof value !== "string") throw new Error(`#${id}: ${key} is missing`);
    return value;
  };
}
