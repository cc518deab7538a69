/** The status page's stylesheet: system fonts, light and dark, no external resource. */

export const pageStyle = `
:root { color-scheme: light dark; --fg: #1d232a; --muted: #5b6570; --line: #d9dee3; --panel: #f6f8fa; --good: #1a7f37; --warn: #9a6700; --bad: #cf222e; --accent: #0b63ce; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9aa5b1; --line: #30363d; --panel: #161b22; --good: #3fb950; --warn: #d29922; --bad: #f85149; --accent: #58a6ff; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: Canvas; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: .5rem 1rem; border-bottom: 1px solid var(--line); padding-bottom: .75rem; }
h1 { font-size: 1.4rem; margin: 0; }
h2 { font-size: 1.05rem; margin: 1.75rem 0 .5rem; }
.muted { color: var(--muted); }
.pill { display: inline-block; padding: .05rem .6rem; border-radius: 999px; font-weight: 600; font-size: .85rem; border: 1px solid currentColor; }
.good { color: var(--good); } .warn { color: var(--warn); } .bad { color: var(--bad); }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1rem; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; margin-top: 1rem; }
.panel > h2:first-child { margin-top: .25rem; }
.grid > .panel { margin-top: 0; } .grid { margin-top: 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: .85rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0 0; font-size: .9rem; }
dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
code { font: .9em ui-monospace, SFMono-Regular, Menlo, monospace; }
form { display: grid; gap: .6rem; }
label { display: grid; gap: .2rem; font-size: .9rem; color: var(--muted); }
select, input, textarea, button { font: inherit; color: inherit; background: Canvas; border: 1px solid var(--line); border-radius: .35rem; padding: .4rem .5rem; }
textarea { min-height: 5rem; resize: vertical; }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; font-weight: 600; }
button:disabled { opacity: .6; cursor: progress; }
.row { display: flex; flex-wrap: wrap; gap: .6rem; } .row > label { flex: 1 1 12rem; }
#answer { white-space: pre-wrap; min-height: 3rem; margin: 0; font-size: .95rem; }
#images img { max-width: 100%; border-radius: .35rem; border: 1px solid var(--line); margin-top: .5rem; }
footer { margin-top: 2rem; font-size: .85rem; }
`
