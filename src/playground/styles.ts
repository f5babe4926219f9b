// The playground's inline stylesheet: a WhatsApp-like chat, system fonts only, so the page works fully offline.
export const PLAYGROUND_CSS = `
:root {
  --green: #00a884; --green-dark: #008069; --out: #d9fdd3; --in: #ffffff; --chat: #efeae2;
  --panel: #f0f2f5; --text: #111b21; --muted: #667781; --line: #e9edef; --danger: #c0392b;
  --shadow: 0 1px 0.5px rgba(11, 20, 26, 0.13);
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html, body { height: 100%; margin: 0; }
body {
  font: 14.2px/1.4 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Helvetica, Arial, sans-serif;
  color: var(--text); background: #dfe3e5;
  background-image: linear-gradient(var(--green-dark) 0 127px, transparent 127px);
}
button, input, select, textarea { font: inherit; color: inherit; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
.app { display: flex; height: 100vh; background: #fff; overflow: hidden; }
@media (min-width: 1440px) {
  .app { height: calc(100vh - 38px); max-width: 1600px; margin: 19px auto; box-shadow: 0 6px 18px rgba(11, 20, 26, 0.18); }
}
.side { width: 340px; flex: none; display: flex; flex-direction: column; border-right: 1px solid var(--line); overflow-y: auto; }
.side header { padding: 18px 20px 14px; background: var(--panel); border-bottom: 1px solid var(--line); }
.side h1 { margin: 0 0 6px; font-size: 17px; font-weight: 600; display: flex; align-items: center; gap: 8px; }
.side h1 .dot { width: 10px; height: 10px; border-radius: 50%; background: var(--green); flex: none; }
.side p { margin: 6px 0 0; color: #3b4a54; font-size: 13px; }
.side header a { color: var(--green-dark); font-weight: 600; }
.side section { padding: 14px 20px; border-bottom: 1px solid var(--line); }
.side h2 { margin: 0 0 10px; font-size: 12px; font-weight: 600; letter-spacing: 0.06em; text-transform: uppercase; color: var(--green-dark); }
label { display: block; margin-bottom: 9px; font-size: 12px; color: var(--muted); }
label input, label select {
  display: block; width: 100%; margin-top: 3px; padding: 7px 9px; border: 1px solid #d1d7db; border-radius: 6px;
  background: #fff; font-size: 14px; color: var(--text);
}
label input:focus, label select:focus, textarea:focus { outline: 2px solid rgba(0, 168, 132, 0.35); border-color: var(--green); }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 0 10px; }
.side .hint { font-size: 12px; color: var(--muted); margin: 0 0 12px; }
.buttons { display: flex; flex-wrap: wrap; gap: 8px; }
.btn {
  border: 1px solid #d1d7db; background: #fff; border-radius: 18px; padding: 5px 12px; cursor: pointer;
  font-size: 13px; color: var(--green-dark);
}
.btn:hover { background: #f5f6f6; }
.btn.primary { background: var(--green); border-color: var(--green); color: #fff; }
.btn.primary:hover { background: var(--green-dark); }
.quick-replies { display: flex; flex-direction: column; gap: 4px; margin-top: 6px; }
.btn.quick-reply { width: 100%; color: #027eb5; text-align: center; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; }
.chip { border: 1px solid #cfe9e1; background: #f0faf7; color: #0b5d4b; border-radius: 14px; padding: 4px 10px; cursor: pointer; font-size: 13px; }
.chip:hover { background: #dff4ed; }
.recent { list-style: none; margin: 0; padding: 0; }
.recent button {
  width: 100%; text-align: left; border: 0; background: none; padding: 7px 6px; border-radius: 6px; cursor: pointer;
  display: flex; justify-content: space-between; gap: 8px; font-size: 13px;
}
.recent button:hover, .recent button.current { background: var(--panel); }
.recent .sub { color: var(--muted); font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.side footer { margin-top: auto; padding: 12px 20px; font-size: 12px; color: var(--muted); }
.side footer a { color: var(--green-dark); }
.chat { flex: 1; display: flex; flex-direction: column; min-width: 0; background: var(--chat); }
.chat > header {
  display: flex; align-items: center; gap: 12px; padding: 10px 16px; background: var(--panel); border-bottom: 1px solid var(--line);
}
.avatar {
  width: 40px; height: 40px; border-radius: 50%; background: var(--green); color: #fff; display: grid; place-items: center;
  font-weight: 600; font-size: 17px; flex: none;
}
.who { flex: 1; min-width: 0; }
.who strong { display: block; font-weight: 500; font-size: 16px; }
.who span { color: var(--muted); font-size: 13px; }
.who span.typing { color: var(--green); }
.as { font-size: 12px; color: var(--muted); text-align: right; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 45%; }
.as b { color: var(--text); font-weight: 500; }
.banner { display: none; padding: 8px 16px; background: #fff3c4; color: #5e4b00; font-size: 13px; }
.banner.show { display: block; }
.messages {
  flex: 1; overflow-y: auto; padding: 10px 7% 8px;
  background-color: var(--chat);
  background-image: radial-gradient(rgba(0, 0, 0, 0.035) 1.2px, transparent 1.3px);
  background-size: 18px 18px;
}
.row { display: flex; flex-direction: column; margin-top: 2px; }
.row.tail { margin-top: 8px; }
.row.out { align-items: flex-end; }
.row.in { align-items: flex-start; }
.row.note { align-items: center; margin: 10px 0; }
.bubble {
  position: relative; max-width: min(65%, 560px); padding: 6px 9px 8px; border-radius: 7.5px; box-shadow: var(--shadow);
  white-space: pre-wrap; overflow-wrap: anywhere;
}
.out .bubble { background: var(--out); }
.in .bubble { background: var(--in); }
.tail.out .bubble { border-top-right-radius: 0; }
.tail.in .bubble { border-top-left-radius: 0; }
.tail .bubble::after { content: ""; position: absolute; top: 0; width: 0; height: 0; border-top: 9px solid; }
.tail.out .bubble::after { right: -8px; border-top-color: var(--out); border-right: 8px solid transparent; }
.tail.in .bubble::after { left: -8px; border-top-color: var(--in); border-left: 8px solid transparent; }
.time { font-size: 11px; color: var(--muted); white-space: nowrap; margin-left: auto; }
.bubble > .time { float: right; margin: 10px 0 -6px 12px; }
.bubble code { background: rgba(11, 20, 26, 0.07); border-radius: 4px; padding: 0 3px; font-size: 13px; }
.bubble pre.code { margin: 4px 0; padding: 6px 8px; background: rgba(11, 20, 26, 0.06); border-radius: 6px; white-space: pre-wrap; font-size: 13px; }
.bubble a { color: #027eb5; }
.status { font-size: 11px; color: var(--muted); margin: 2px 4px 0; }
.status.error { color: var(--danger); }
details.raw { margin: 2px 0 -4px; white-space: normal; }
details.raw summary {
  display: flex; align-items: baseline; gap: 12px; cursor: pointer; font-size: 11px; color: var(--muted);
  list-style: none; user-select: none;
}
details.raw summary::-webkit-details-marker { display: none; }
details.raw summary .toggle { opacity: 0.8; }
details.raw summary .toggle::before { content: "{ } "; font-family: ui-monospace, Menlo, Consolas, monospace; }
details.raw summary:hover .toggle { opacity: 1; color: var(--green-dark); }
details.raw pre {
  margin: 4px 0; padding: 7px 10px; background: #0b141a; color: #d1f4e6; border-radius: 6px;
  font-size: 12px; line-height: 1.4; white-space: pre-wrap; overflow-wrap: anywhere; text-align: left;
}
details.raw .again { margin: 0 0 6px; font-size: 12px; padding: 2px 10px; }
.notebox details.raw summary { justify-content: center; }
.notebox {
  max-width: 85%; background: #fdf4c5; color: #54656f; border-radius: 7.5px; padding: 5px 12px; font-size: 12.5px;
  box-shadow: var(--shadow); text-align: center;
}
.notebox.intro { background: #fff; color: #3b4a54; max-width: 480px; }
.typing-row .bubble { display: flex; gap: 4px; padding: 12px 14px; }
.typing-row i { width: 7px; height: 7px; border-radius: 50%; background: #8696a0; animation: blink 1.2s infinite; }
.typing-row i:nth-child(2) { animation-delay: 0.2s; }
.typing-row i:nth-child(3) { animation-delay: 0.4s; }
@keyframes blink { 0%, 60%, 100% { opacity: 0.25; } 30% { opacity: 1; } }
.composer { display: flex; align-items: flex-end; gap: 10px; padding: 10px 16px; background: var(--panel); }
.composer textarea {
  flex: 1; resize: none; border: 0; border-radius: 8px; padding: 10px 12px; max-height: 140px; background: #fff;
  font-size: 15px; line-height: 1.35;
}
.send {
  width: 44px; height: 44px; border-radius: 50%; border: 0; background: var(--green); color: #fff; cursor: pointer;
  display: grid; place-items: center; flex: none;
}
.send:hover { background: var(--green-dark); }
.send svg { width: 22px; height: 22px; fill: currentColor; }
@media (max-width: 820px) {
  body { background: #fff; }
  .app { flex-direction: column; height: 100vh; margin: 0; box-shadow: none; }
  .side { width: auto; max-height: 42vh; border-right: 0; border-bottom: 1px solid var(--line); }
  .side footer { display: none; }
  .messages { padding: 12px 10px; }
  .bubble { max-width: 85%; }
  .as { display: none; }
}
`;
