// The flows' tiny template language: `{{answers.<name>}}` and `{{response.<field>}}`, nothing else. Plain
// substitution (no eval, no expressions, no loops), so a flow file or a backend answer cannot run code.
export type ScopeValue = string | number | boolean | null;

export interface TemplateScope {
  answers: Readonly<Record<string, string | number>>;
  /** The last HTTP action's validated response fields, if any. */
  response: Readonly<Record<string, ScopeValue>> | null;
}

/** Anything between double braces; what is inside is checked by `parsePlaceholder`. */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const PATH = /^\s*(answers|response)\.([A-Za-z0-9_]+)\s*$/;

export interface Placeholder {
  root: "answers" | "response";
  name: string;
}

/** Every placeholder in a template; `undefined` entries are ones the grammar does not allow (load error). */
export function placeholdersIn(template: string): { raw: string; parsed: Placeholder | undefined }[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => ({
    raw: match[0],
    parsed: parsePlaceholder(match[1] ?? ""),
  }));
}

export function parsePlaceholder(inside: string): Placeholder | undefined {
  const match = PATH.exec(inside);
  if (!match) return undefined;
  return { root: match[1] as Placeholder["root"], name: match[2] ?? "" };
}

/** The value a path names, or undefined when the answer or field is absent. */
export function lookup(scope: TemplateScope, path: Placeholder): ScopeValue | undefined {
  const source = path.root === "answers" ? scope.answers : scope.response;
  if (!source || !Object.hasOwn(source, path.name)) return undefined;
  return source[path.name];
}

/** Substitutes every placeholder; a missing value becomes "" (`encode` escapes values, e.g. for a URL path). */
export function render(template: string, scope: TemplateScope, encode: (value: string) => string = (v) => v): string {
  return template.replace(PLACEHOLDER, (_raw, inside: string) => {
    const path = parsePlaceholder(inside);
    const value = path ? lookup(scope, path) : undefined;
    return value === undefined || value === null ? "" : encode(String(value));
  });
}

/**
 * A Braze attribute or event property value: a template that is exactly one placeholder keeps the value's
 * type (a number stays a number); any other string is rendered as text; literals pass through.
 */
export function renderValue(value: ScopeValue, scope: TemplateScope): ScopeValue {
  if (typeof value !== "string") return value;
  const whole = /^\{\{([^{}]*)\}\}$/.exec(value);
  const path = whole ? parsePlaceholder(whole[1] ?? "") : undefined;
  if (path) return lookup(scope, path) ?? null;
  return render(value, scope);
}
