// Turns a model's Markdown into WhatsApp's own formatting (*bold*, _italic_, ~strike~, ``` blocks, lists).
// Works on marked's tokens, never on raw text, so code, escapes and URLs are not mistaken for emphasis.
import { Lexer, type MarkedToken, type Token, type Tokens } from "marked";

/** Never throws: on any surprise from the lexer the reply goes out as the model wrote it. */
export function markdownToWhatsApp(markdown: string): string {
  try {
    return tidy(blocks(Lexer.lex(markdown)));
  } catch {
    return markdown;
  }
}

/** No trailing spaces on a line, at most one blank line in a row, nothing around the whole. */
function tidy(text: string): string {
  return text
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function blocks(tokens: Token[], separator = "\n\n"): string {
  return tokens
    .map(block)
    .filter((text) => text.trim() !== "")
    .join(separator);
}

function block(token: Token): string {
  const t = token as MarkedToken; // Token adds a catch-all `Generic` that defeats narrowing by `type`
  switch (t.type) {
    case "paragraph":
      return inline(t.tokens);
    case "text": // the body of a tight list item
      return t.tokens ? inline(t.tokens) : t.text;
    case "heading":
      return wrap("*", t.tokens, "");
    case "code":
      return `\`\`\`\n${t.text}\n\`\`\``;
    case "blockquote":
      return mapLines(blocks(t.tokens), (line) => (line === "" ? ">" : `> ${line}`));
    case "list":
      return list(t);
    case "table":
      return table(t);
    case "html":
      return stripTags(t.text).trim();
    case "hr": // an empty block: the blank line between its neighbours is all that remains
    case "space":
    case "def":
    case "checkbox": // rendered by its list item
      return "";
    default:
      return span(t, "");
  }
}

function inline(tokens: Token[], active = ""): string {
  return tokens.map((token) => span(token, active)).join("");
}

/** `active` holds the markers already open around this span, so `# **Title**` does not become `**Title**`. */
function span(token: Token, active: string): string {
  const t = token as MarkedToken;
  switch (t.type) {
    case "strong":
      return wrap("*", t.tokens, active);
    case "em":
      return emphasis(t, active);
    case "del":
      return wrap("~", t.tokens, active);
    case "codespan":
      return `\`${t.text}\``;
    case "br":
      return "\n";
    case "link":
      return link(t, active);
    case "image":
      return t.href;
    case "html":
      return stripTags(t.text);
    case "checkbox":
      return "";
    case "text":
      return t.tokens ? inline(t.tokens, active) : t.text;
    case "escape":
      return t.text;
    default:
      return "text" in t && typeof t.text === "string" ? t.text : t.raw;
  }
}

function wrap(marker: string, tokens: Token[], active: string): string {
  const inner = inline(tokens, active + marker);
  return active.includes(marker) || inner.trim() === "" ? inner : `${marker}${inner}${marker}`;
}

function emphasis(token: Tokens.Em, active: string): string {
  const [only] = token.tokens;
  // `***x***` lexes as em(strong(x)); emit bold outermost, `*_x_*`, so both nestings come out alike.
  if (token.tokens.length === 1 && only?.type === "strong") {
    return wrap("*", [{ ...token, tokens: only.tokens ?? [] }], active);
  }
  return wrap("_", token.tokens, active);
}

function link(token: Tokens.Link, active: string): string {
  const text = inline(token.tokens, active);
  // Autolinks (bare URLs, emails, www.) keep their visible text, so plain replies pass through unchanged.
  if (token.autolink) return text;
  if (text === token.href || text.trim() === "") return token.href;
  return `${text} (${token.href})`;
}

// "- " rather than "•": WhatsApp renders "- item" as a native bulleted list, and a model's plain-text
// lists pass through unchanged.
function list(token: Tokens.List): string {
  const first = token.start === "" ? 1 : token.start;
  const items = token.items.map((item, index) => {
    const marker = token.ordered ? `${first + index}. ` : "- ";
    const box = item.task ? (item.checked ? "[x] " : "[ ] ") : "";
    const body = blocks(item.tokens, item.loose ? "\n\n" : "\n");
    const indent = " ".repeat(marker.length); // nested lists and continuation lines sit under the text
    return mapLines(marker + box + body, (line, i) => (i === 0 || line === "" ? line : indent + line));
  });
  return items.join(token.loose ? "\n\n" : "\n");
}

/** One line per row, `Header: value · Header: value`: pipes and dashes read badly on a phone. */
function table(token: Tokens.Table): string {
  const headers = token.header.map((cell) => inline(cell.tokens).trim());
  if (token.rows.length === 0) return headers.filter(Boolean).join(" · ");
  const row = (cells: Tokens.TableCell[]) =>
    cells
      .map((cell, index) => [headers[index], inline(cell.tokens).trim()] as const)
      .filter(([, value]) => value !== "")
      .map(([header, value]) => (header ? `${header}: ${value}` : value))
      .join(" · ");
  return token.rows.map(row).join("\n");
}

/** Real HTML elements only: a model's placeholder such as "<order number>" is text and must stay. */
const HTML_TAG =
  /<\/?(?:a|abbr|b|blockquote|code|del|div|em|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p|pre|s|small|span|strike|strong|sub|sup|table|tbody|td|th|thead|tr|u|ul)\b[^>]*>/gi;

function stripTags(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(HTML_TAG, "");
}

function mapLines(text: string, map: (line: string, index: number) => string): string {
  return text.split("\n").map(map).join("\n");
}
