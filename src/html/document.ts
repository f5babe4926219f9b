// What the Worker's two self-contained pages (the playground and the agent inbox) share: safe escaping for
// HTML and for JSON inside a <script>, and the document head with its nonce-bound inline style.

/** JSON for a <script> block: no "<" survives, so neither "</script>" nor "<!--" can end or bend the block. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch,
  );
}

/** `<!doctype html>` up to and including `<body>`; `nonce` must already be escaped. No referrer leaves the page. */
export function documentHead(page: { title: string; iconSvg: string; nonce: string; css: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(page.title)}</title>
<link rel="icon" href="data:image/svg+xml,${page.iconSvg}">
<style nonce="${page.nonce}">${page.css}</style>
</head>
<body>`;
}
