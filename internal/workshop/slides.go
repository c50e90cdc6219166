package workshop

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// The files a deck may show as images, by URL path.
var slideAssets = map[string]string{
	"/results.svg":    "06-rest-compare/results.svg",
	"/screenshot.png": "07-grpc-web/screenshot.png",
}

// SlidesHandler serves slides/deck.md as a one-page presentation: slides
// are separated by lines of "---", arrow keys move between them. The deck
// is read on every request, so a speaker can edit it with the server running.
func SlidesHandler(root string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		deck, err := os.ReadFile(filepath.Join(root, "slides", "deck.md"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		slides, err := renderSlides(string(deck))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = slidesPage.Execute(w, slides)
	})
	for url, file := range slideAssets {
		mux.HandleFunc("GET "+url, func(w http.ResponseWriter, r *http.Request) {
			http.ServeFile(w, r, filepath.Join(root, file))
		})
	}
	return mux
}

func renderSlides(deck string) ([]template.HTML, error) {
	md := goldmark.New(goldmark.WithExtensions(extension.Table))
	var slides []template.HTML
	for _, part := range strings.Split(deck, "\n---\n") {
		var b bytes.Buffer
		if err := md.Convert([]byte(part), &b); err != nil {
			return nil, err
		}
		slides = append(slides, template.HTML(b.String())) // the deck is the speaker's own file
	}
	return slides, nil
}

// Slides serves the deck until ctx ends.
func (c *CLI) Slides(ctx context.Context, args []string) error {
	addr := "127.0.0.1:3999"
	if len(args) == 2 && args[0] == "--addr" {
		addr = args[1]
	}
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: SlidesHandler(c.Root), ReadHeaderTimeout: 5 * time.Second}
	fmt.Fprintf(c.Out, "slides at http://%s/ (arrow keys; edit slides/deck.md and reload)\n", lis.Addr())
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	if err := srv.Serve(lis); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

var slidesPage = template.Must(template.New("deck").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>gRPC vs REST in Go</title>
<style>
  body { margin: 0; font-family: system-ui, sans-serif; background: #1a202c; }
  section { display: none; box-sizing: border-box; width: 100vw; height: 100vh; padding: 5vh 7vw;
            background: white; color: #1a202c; font-size: 2.6vh; overflow: hidden; }
  section.on { display: block; }
  h1 { font-size: 7vh; margin-top: 25vh; } h2 { font-size: 5vh; color: #2b6cb0; }
  code, pre { font-size: 2.3vh; } pre { background: #f7fafc; padding: 1.5vh 2vw; border-radius: 6px; }
  table { border-collapse: collapse; } td, th { border-bottom: 1px solid #e2e8f0; padding: .6vh 1.5vw; text-align: left; }
  img { max-width: 86vw; max-height: 72vh; }
  .n { position: fixed; right: 2vw; bottom: 2vh; color: #a0aec0; font-size: 1.8vh; }
</style></head><body>
{{range $i, $s := .}}<section id="s{{$i}}">{{$s}}</section>
{{end}}<div class="n" id="n"></div>
<script>
  const slides = document.querySelectorAll("section");
  let i = Math.min(Number(location.hash.slice(2)) || 0, slides.length - 1);
  function show() {
    slides.forEach((s, k) => s.classList.toggle("on", k === i));
    document.getElementById("n").textContent = (i + 1) + " / " + slides.length;
    history.replaceState(null, "", "#s" + i);
  }
  addEventListener("keydown", (e) => {
    if (["ArrowRight", "PageDown", " "].includes(e.key)) i = Math.min(i + 1, slides.length - 1);
    if (["ArrowLeft", "PageUp"].includes(e.key)) i = Math.max(i - 1, 0);
    show();
  });
  show();
</script></body></html>
`))
