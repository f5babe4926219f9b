// WhatsApp's formatting in a reply bubble: *bold*, _italic_, ~strike~, `monospace`, ```code blocks``` and links,
// built as DOM nodes (text stays text; a link is only ever http or https).
import { el } from "../../html/client/dom";

const INLINE = /(?<![\p{L}\p{N}])([*_~`])(?=\S)([^\n]*?\S)\1(?![\p{L}\p{N}])/u;
const URL_RE = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/;
const TAGS: Record<string, "strong" | "em" | "s"> = { "*": "strong", _: "em", "~": "s" };
const FENCE = "```";

function link(url: string): HTMLAnchorElement {
  const a = el("a", "", url);
  a.href = url;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  return a;
}

function formatInline(text: string, into: HTMLElement): void {
  let rest = text;
  while (rest) {
    const m = INLINE.exec(rest);
    const u = URL_RE.exec(rest);
    if (u && (!m || u.index < m.index)) {
      into.append(rest.slice(0, u.index), link(u[0]));
      rest = rest.slice(u.index + u[0].length);
      continue;
    }
    if (!m) {
      into.append(rest);
      return;
    }
    const [whole, mark = "", inner = ""] = m;
    into.append(rest.slice(0, m.index));
    if (mark === "`") into.append(el("code", "", inner));
    else formatInline(inner, into.appendChild(el(TAGS[mark] ?? "span", "")));
    rest = rest.slice(m.index + whole.length);
  }
}

export function formatWhatsApp(text: string, into: HTMLElement): void {
  const parts = text.split(FENCE);
  for (const [i, part] of parts.entries()) {
    const isCode = i % 2 === 1 && i < parts.length - 1;
    if (isCode) into.append(el("pre", "code", part.replace(/^\n|\n$/g, "")));
    else {
      if (i % 2 === 1) into.append(FENCE); // an unclosed fence is plain text
      formatInline(part, into);
    }
  }
}
