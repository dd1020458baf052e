/** The page's stylesheet: one column from a 360 px phone up, a wider card on a desktop. */
export const VERIFY_PAGE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: system-ui, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  font-size: 1rem; line-height: 1.5; color: #1d2733; background: #f3f5f8; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; }
.skip:focus { left: .5rem; z-index: 1; }
header { background: #8b1a1a; color: #fff; padding: 1rem clamp(1rem, 4vw, 2rem); }
header .org { margin: 0; font-size: .9rem; opacity: .9; }
header h1 { margin: .25rem 0 0; font-size: clamp(1.35rem, 4.5vw, 2rem); line-height: 1.2; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem clamp(.75rem, 3vw, 2rem) 2rem; }
.intro { margin-top: 0; color: #3a4654; }
.card, .result { background: #fff; border-radius: 8px; padding: clamp(1rem, 3vw, 1.75rem);
  box-shadow: 0 1px 3px rgba(0, 0, 0, .1); margin-bottom: 1.25rem; }
h2 { font-size: 1.25rem; margin: 0 0 .5rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
.field { margin: 1rem 0; }
label { display: block; font-weight: 600; margin-bottom: .35rem; }
input[type=file], textarea { width: 100%; font: inherit; padding: .6rem; border: 1px solid #8a96a3;
  border-radius: 6px; background: #fff; color: inherit; }
textarea { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9rem; resize: vertical; }
.hint { font-size: .9rem; color: #4a5562; margin: .35rem 0 0; }
.actions { display: flex; gap: .75rem; flex-wrap: wrap; }
button { font: inherit; font-weight: 600; padding: .7rem 1.5rem; border-radius: 6px; cursor: pointer;
  border: 2px solid #0b4f8a; background: #0b4f8a; color: #fff; min-height: 44px; }
button.secondary { background: #fff; color: #0b4f8a; }
button[disabled] { opacity: .6; cursor: progress; }
:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
.form-error { color: #a4161a; font-weight: 600; margin: .5rem 0; }
.form-error:empty { display: none; }
.result:focus { outline: none; }
.verdict { font-size: clamp(1.75rem, 7vw, 2.75rem); line-height: 1.15; margin: 0 0 .5rem;
  letter-spacing: .01em; }
.verdict.valid { color: #0a6b2d; }
.verdict.invalid { color: #a4161a; }
.verdict-text { font-size: 1.05rem; margin: 0; }
.checks { list-style: none; padding: 0; margin: 0; }
.checks li { display: grid; grid-template-columns: 2rem 1fr; gap: .15rem .6rem;
  padding: .6rem 0; border-top: 1px solid #e3e7ec; }
.checks .mark { grid-row: span 2; font-size: 1.4rem; font-weight: 700; line-height: 1.2; text-align: center; }
.checks .passed .mark { color: #0a6b2d; }
.checks .failed .mark { color: #a4161a; }
.checks .not-checked .mark { color: #5b6673; }
.checks .name { font-weight: 600; }
.checks .outcome { font-weight: 400; color: #4a5562; }
.checks .message { margin: 0; overflow-wrap: anywhere; }
.facts { display: grid; grid-template-columns: minmax(8rem, 12rem) 1fr; gap: .4rem 1rem; margin: 0; }
.facts dt { color: #4a5562; }
.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.caution { color: #7a4a00; background: #fff4d6; border-radius: 6px; padding: .5rem .75rem; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
footer { max-width: 60rem; margin: 0 auto; padding: 0 clamp(.75rem, 3vw, 2rem) 2rem; font-size: .85rem; color: #4a5562; }
@media (max-width: 30rem) {
  .facts { grid-template-columns: 1fr; gap: 0; }
  .facts dd { margin-bottom: .5rem; }
  .actions button { flex: 1 1 auto; }
}
`;
