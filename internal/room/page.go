package room

// page is the speaker's view. Everything a learner sent is put on the page
// with textContent, never as markup; it reads /state every two seconds.
const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>The room</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 16px; color: #1a202c; }
  h1 { font-size: 22px; margin: 0 0 8px; }
  #status { color: #4a5568; margin-bottom: 12px; }
  table { border-collapse: collapse; font-size: 14px; }
  th, td { border: 1px solid #e2e8f0; padding: 2px 4px; text-align: center; }
  th.name, td.name { text-align: left; white-space: nowrap; }
  th.ex { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: normal; white-space: nowrap; }
  th.stretch { color: #718096; }
  td.done { background: #c6f6d5; }
  td.failing { background: #fed7d7; }
  td.todo { background: #edf2f7; }
  td.stuck { outline: 3px solid #dd6b20; outline-offset: -3px; font-weight: bold; }
  tr.summary td { background: #fffbea; font-weight: bold; }
  #room li { margin: 6px 0; font-size: 18px; }
  #room .test { font-family: ui-monospace, monospace; }
</style>
</head>
<body>
<h1>The room</h1>
<div id="status">waiting for the first report</div>
<h2>What the room is stuck on</h2>
<ul id="room"></ul>
<table id="grid"><thead></thead><tbody></tbody></table>
<script>
"use strict";
const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};
async function draw() {
  let v;
  try {
    v = await (await fetch("state", { cache: "no-store" })).json();
  } catch (e) {
    document.getElementById("status").textContent = "the room server does not answer: " + e;
    return;
  }
  const rows = v.rows || [];
  const stuck = rows.reduce((n, r) => n + r.cells.filter((c) => c.stuck).length, 0);
  document.getElementById("status").textContent =
    rows.length + " learners · " + stuck + " stuck (same failing test for more than " + v.stuckMinutes + " min)" +
    (v.saveError ? " · THE STATE IS NOT SAVED: " + v.saveError : "");
  const head = el("tr");
  head.append(el("th", "name", "learner"));
  for (const c of v.columns) head.append(el("th", "ex" + (c.stretch ? " stretch" : ""), c.step + " " + c.name));
  const thead = document.querySelector("#grid thead");
  thead.replaceChildren(head);
  const body = document.querySelector("#grid tbody");
  body.replaceChildren();
  const sum = el("tr", "summary");
  sum.append(el("td", "name", "done"));
  v.summary.forEach((s) => sum.append(el("td", "", s.done ? String(s.done) : "")));
  body.append(sum);
  for (const r of rows) {
    const tr = el("tr", "learner");
    tr.append(el("td", "name", r.name));
    r.cells.forEach((c, i) => {
      const td = el("td", c.state + (c.stuck ? " stuck" : ""));
      if (c.state === "done") td.textContent = "✓";
      if (c.state === "failing") {
        td.textContent = c.stuck ? Math.round(c.minutes) + "'" : "✗";
        td.title = c.test + " for " + Math.round(c.minutes) + " min";
      }
      tr.append(td);
    });
    body.append(tr);
  }
  const room = document.getElementById("room");
  room.replaceChildren();
  v.summary.forEach((s, i) => {
    if (!s.mostFailing) return;
    const col = v.columns[i];
    const li = el("li", "most");
    li.append(el("b", "", col.step + " " + col.name + ": "),
      el("span", "count", s.count + " failing "), el("span", "test", s.mostFailing),
      el("span", "", s.stuck ? " (" + s.stuck + " stuck)" : ""), el("div", "say", s.say));
    room.append(li);
  });
}
draw();
setInterval(draw, 2000);
</script>
</body>
</html>
`
