package deck

import (
	"html/template"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// File is the deck, relative to the repository root.
const File = "slides/deck.md"

// Handler serves the deck as one page (arrow keys move, N opens the
// speaker's notes in a second window that follows the slides) and the
// repository's pictures under /files/ (.svg and .png only). The deck is
// read on every request, so a speaker can edit it with the server running;
// a broken include is a 500 that says which slide and why.
func Handler(root string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		src, err := os.ReadFile(filepath.Join(root, File))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		slides, err := Render(root, string(src))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if slides, err = ForAgenda(slides, r.URL.Query().Get("agenda")); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = page.Execute(w, slides)
	})
	mux.HandleFunc("GET /files/", func(w http.ResponseWriter, r *http.Request) {
		name := path.Clean(strings.TrimPrefix(r.URL.Path, "/files/"))
		if ext := path.Ext(name); (ext != ".svg" && ext != ".png") || strings.HasPrefix(name, "..") {
			http.NotFound(w, r)
			return
		}
		http.ServeFile(w, r, filepath.Join(root, filepath.FromSlash(name)))
	})
	return mux
}

// The page: every slide is a 1280x720 box scaled to the window, so what
// fits in the test's browser fits on the projector.
var page = template.Must(template.New("deck").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>gRPC vs REST in Go</title>
<style>
  body { margin: 0; font-family: system-ui, sans-serif; background: #1a202c; overflow: hidden; }
  section { display: none; box-sizing: border-box; width: 1280px; height: 720px; padding: 28px 56px;
            background: white; color: #1a202c; font-size: 24px; line-height: 1.35; overflow: hidden;
            position: absolute; left: 50%; top: 50%; transform-origin: center; }
  section.on { display: block; }
  h1 { font-size: 56px; margin: 180px 0 24px; } h2 { font-size: 38px; color: #2b6cb0; margin: 0 0 12px; }
  pre { tab-size: 4; background: #f7fafc; padding: 8px 16px; border-radius: 6px; margin: 6px 0;
        font-size: 22px; line-height: 1.2; overflow: hidden;
        white-space: pre-wrap; } /* a long signature wraps rather than leaving the slide */
  code { font-size: 0.9em; } pre code { font-size: inherit; }
  table { border-collapse: collapse; font-size: 20px; }
  td, th { border-bottom: 1px solid #e2e8f0; padding: 5px 14px; text-align: left; }
  img { max-width: 1150px; max-height: 540px; }
  ul { margin: 8px 0; } li { margin: 4px 0; } p { margin: 10px 0; }
  .notes { display: none; }
  .n { position: fixed; right: 2vw; bottom: 2vh; color: #a0aec0; font: 14px system-ui; }
  body.notes-window section { display: none !important; }
  body.notes-window #notes { display: block; color: #e2e8f0; font-size: 26px; padding: 4vh 5vw; }
  #notes .clock { font: 600 30px ui-monospace, monospace; color: #f6e05e; }
  #notes .next { color: #a0aec0; border-top: 1px solid #4a5568; padding-top: 12px; }
</style></head><body>
{{range $i, $s := .}}<section id="s{{$i}}">{{$s.HTML}}<div class="notes">{{range $s.Notes}}<p>{{.}}</p>{{end}}</div></section>
{{end}}<div id="notes" class="notes"></div><div class="n" id="n"></div>
<script>
  // Arrow keys, space and PageUp/PageDown move; N opens the notes window,
  // which follows this one through a BroadcastChannel.
  const slides = document.querySelectorAll("section");
  const channel = new BroadcastChannel("workshop-deck");
  const params = new URLSearchParams(location.search);
  const notesWindow = params.has("notes");
  const agenda = params.get("agenda"); // the notes window serves the same subset
  let i = Math.min(Number(location.hash.slice(2)) || 0, slides.length - 1);
  function fit() {
    const k = Math.min(innerWidth / 1280, innerHeight / 720);
    slides.forEach((s) => { s.style.transform = "translate(-50%, -50%) scale(" + k + ")"; });
  }
  // grow sets each slide's code to the largest size, 30 px at most, at
  // which the slide still fits: a projector in a long room needs every
  // pixel, and a short snippet should not sit small in an empty slide.
  function grow(s) {
    const code = s.querySelectorAll("pre");
    if (!code.length) return;
    const was = s.style.display;
    s.style.display = "block"; // measurable, for a moment
    for (let px = 30; px >= 12; px--) {
      code.forEach((p) => { p.style.fontSize = px + "px"; });
      const wide = [...code].some((p) => p.scrollWidth > p.clientWidth + 1);
      if (s.scrollHeight <= s.clientHeight + 1 && !wide) break;
    }
    s.style.display = was;
  }
  slides.forEach(grow);
  // The notes window's clock: the time of day, how long this slide has been
  // up and since the deck was opened, so the speaker sees the agenda slip.
  const opened = Date.now();
  let shownAt = Date.now();
  const mmss = (ms) => { const s = Math.floor(ms / 1000); return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0"); };
  function tick() {
    const el = document.getElementById("clock");
    if (!el) return;
    const now = new Date();
    el.textContent = now.toTimeString().slice(0, 5) + "  ·  this slide " + mmss(now - shownAt) + "  ·  since the start " + mmss(now - opened);
  }
  const titleOf = (k) => { const h = slides[k] && slides[k].querySelector("h1, h2"); return h ? h.textContent : "(the end)"; };
  function show(from) {
    slides.forEach((s, k) => s.classList.toggle("on", k === i));
    document.getElementById("n").textContent = (i + 1) + " / " + slides.length;
    shownAt = Date.now();
    const notes = slides[i].querySelector(".notes").innerHTML;
    const next = document.createElement("p"); // its title as text, never as markup
    next.className = "next";
    next.id = "next";
    next.textContent = "Next: " + titleOf(i + 1);
    document.getElementById("notes").innerHTML = '<p class="clock" id="clock"></p><h2>' + (i + 1) + " / " + slides.length + "</h2>" + (notes || "<p>(no notes)</p>");
    document.getElementById("notes").appendChild(next);
    tick();
    history.replaceState(null, "", location.search + "#s" + i);
    if (from !== "channel") channel.postMessage(i);
  }
  channel.onmessage = (e) => { i = e.data; show("channel"); };
  addEventListener("keydown", (e) => {
    if (["ArrowRight", "PageDown", " "].includes(e.key)) i = Math.min(i + 1, slides.length - 1);
    else if (["ArrowLeft", "PageUp"].includes(e.key)) i = Math.max(i - 1, 0);
    else if (e.key === "n" || e.key === "N") { open("?notes" + (agenda ? "&agenda=" + encodeURIComponent(agenda) : "") + "#s" + i, "notes"); return; }
    else return;
    show();
  });
  addEventListener("resize", fit);
  setInterval(tick, 1000);
  if (notesWindow) document.body.classList.add("notes-window");
  fit();
  show();
</script></body></html>
`))
