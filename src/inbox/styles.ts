// The inbox's inline stylesheet: a two-pane helpdesk layout (queue | conversation) that becomes one pane at a
// time on a narrow screen; system fonts only, so the page works offline and loads nothing.
export const AGENT_INBOX_CSS = `
:root {
  --brand: #005c4b; --brand-2: #00a884; --ink: #111b21; --muted: #5b6b75; --line: #e3e8eb; --panel: #f5f7f8;
  --focus: #1a73e8; --danger: #b3261e; --warn-bg: #fff4d6; --warn: #6b4e00; --customer: #ffffff; --agent: #dcf3ec;
  --bot: #eef1f4; --system: #fdf6e3;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html, body { height: 100%; margin: 0; }
body {
  font: 14px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--panel); display: flex; flex-direction: column;
}
button, input, textarea { font: inherit; color: inherit; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: 6px 10px; z-index: 10; }
.skip:focus { left: 8px; top: 8px; }
.top {
  display: flex; align-items: center; gap: 16px; padding: 0 18px; height: 52px; flex: none;
  background: var(--brand); color: #fff;
}
.top h1 { margin: 0; font-size: 17px; font-weight: 600; }
.top p { margin: 0; font-size: 13px; }
.live { display: flex; align-items: center; gap: 6px; opacity: 0.9; }
.live .dot { width: 8px; height: 8px; border-radius: 50%; background: #f5b400; }
.live.on .dot { background: #5ce1a5; }
.live.off .dot { background: #ff8a80; }
.me { margin-left: auto !important; }
.top .btn.quiet { color: #fff; border-color: rgba(255, 255, 255, 0.5); background: transparent; }
.btn {
  border: 1px solid #c9d2d7; background: #fff; border-radius: 6px; padding: 6px 14px; cursor: pointer; font-size: 13.5px;
}
.btn:hover:not(:disabled) { background: #f0f3f5; }
.btn:disabled { opacity: 0.45; cursor: not-allowed; }
.btn.primary { background: var(--brand); border-color: var(--brand); color: #fff; }
.btn.primary:hover:not(:disabled) { background: #00443a; }
.btn.danger { color: var(--danger); border-color: #e5b8b5; }
.btn.quiet { border-color: transparent; background: transparent; }
.signin { max-width: 560px; margin: 48px auto; padding: 24px 28px; background: #fff; border: 1px solid var(--line); border-radius: 10px; }
.signin h2 { margin-top: 0; }
.signin label { display: block; font-weight: 600; margin: 16px 0 6px; }
.inline { display: flex; gap: 8px; }
.inline input { flex: 1; padding: 7px 10px; border: 1px solid #c9d2d7; border-radius: 6px; }
.error { color: var(--danger); min-height: 1.4em; margin: 8px 0 0; }
.app { flex: 1; display: flex; min-height: 0; background: #fff; overflow-wrap: anywhere; }
.queue { width: 360px; flex: none; border-right: 1px solid var(--line); overflow-y: auto; background: #fff; }
.queue h2 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--brand); margin: 0; padding: 14px 16px 10px; }
.count { color: var(--muted); font-weight: 400; }
.empty, .placeholder { color: var(--muted); padding: 8px 16px; }
.placeholder { margin: auto; text-align: center; }
.queue ul { list-style: none; margin: 0; padding: 0; }
.item {
  display: block; width: 100%; text-align: left; border: 0; border-top: 1px solid var(--line); background: #fff;
  padding: 10px 16px 12px; cursor: pointer;
}
.item:hover { background: #f7f9fa; }
.item[aria-current="true"] { background: #e9f5f1; box-shadow: inset 3px 0 0 var(--brand-2); }
.item .line { display: flex; align-items: baseline; gap: 8px; }
.item .name { font-weight: 600; flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.item .meta, .item .why, .item .preview { display: block; }
.item .meta, .item .preview { color: var(--muted); font-size: 12.5px; }
.item .preview { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.item .why { font-size: 12.5px; margin: 2px 0 3px; }
.tag { display: inline-block; font-size: 11.5px; border-radius: 10px; padding: 0 8px; white-space: nowrap; }
.tag.waiting { background: var(--warn-bg); color: var(--warn); }
.tag.mine { background: #d5f2e6; color: #0b5d4b; }
.tag.taken { background: #e8eaed; color: #3c4043; }
.tag.lang { background: #eef1f4; color: #3c4a52; text-transform: uppercase; }
.conversation { flex: 1; min-width: 0; min-height: 0; display: flex; flex-direction: column; }
.conv { flex: 1; display: flex; flex-direction: column; min-height: 0; }
.conv-head { display: flex; align-items: center; gap: 12px; padding: 12px 18px; border-bottom: 1px solid var(--line); }
.conv-head .who { flex: 1; min-width: 0; }
.conv-head h2 { margin: 0; font-size: 16px; }
.conv-head .sub { margin: 0; color: var(--muted); font-size: 12.5px; }
.badge { margin: 0; font-size: 12.5px; padding: 3px 10px; border-radius: 12px; background: #eef1f4; white-space: nowrap; }
.badge.waiting { background: var(--warn-bg); color: var(--warn); }
.badge.mine { background: #d5f2e6; color: #0b5d4b; }
.back { display: none; }
.reason, .window { margin: 0; padding: 6px 18px; font-size: 13px; border-bottom: 1px solid var(--line); }
.window.closed { background: var(--warn-bg); color: var(--warn); }
.transcript { flex: 1; overflow-y: auto; list-style: none; margin: 0; padding: 14px 18px; background: var(--panel); }
.msg { max-width: min(72%, 640px); margin: 0 0 10px; display: flex; flex-direction: column; }
.msg .bubble { padding: 7px 11px; border-radius: 8px; white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid var(--line); }
.msg .by { font-size: 11.5px; color: var(--muted); margin: 0 2px 2px; display: flex; gap: 8px; }
.msg.customer .bubble { background: var(--customer); }
.msg.assistant, .msg.agent { margin-left: auto; align-items: flex-end; }
.msg.assistant .bubble { background: var(--bot); }
.msg.agent .bubble { background: var(--agent); border-color: #bfe5d6; }
.msg.system { max-width: 100%; align-items: center; }
.msg.system .bubble { background: var(--system); font-size: 12.5px; color: #5c4b1a; }
.delivery { font-size: 11.5px; color: var(--muted); margin: 2px 2px 0; }
.delivery.failed { color: var(--danger); font-weight: 600; }
.delivery.held { color: var(--warn); }
.actions { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding: 10px 18px; border-top: 1px solid var(--line); }
.notice { margin: 0 0 0 auto; font-size: 13px; color: var(--muted); }
.notice.bad { color: var(--danger); }
.composer { display: grid; grid-template-columns: 1fr auto; gap: 6px 10px; padding: 0 18px 14px; }
.composer textarea {
  resize: vertical; min-height: 44px; max-height: 40vh; padding: 8px 10px; border: 1px solid #c9d2d7; border-radius: 6px;
}
.composer textarea:disabled { background: #f0f2f3; }
.composer .btn { align-self: end; }
.hint { grid-column: 1 / -1; margin: 0; font-size: 12px; color: var(--muted); }
@media (max-width: 760px) {
  .app { flex-direction: column; }
  .queue { width: auto; border-right: 0; flex: 1; }
  .app.has-conv .queue { display: none; }
  .app:not(.has-conv) .conversation { display: none; }
  .back { display: inline-block; }
  .me { display: none; }
  .top #sign-out { margin-left: auto; }
  .conv-head { flex-wrap: wrap; }
  .msg { max-width: 90%; }
  .conv-head, .transcript, .actions, .composer, .reason, .window { padding-left: 10px; padding-right: 10px; }
}
`;
