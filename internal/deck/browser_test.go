package deck_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/grpcvsrest/workshop/internal/browser/browsertest"
	"github.com/grpcvsrest/workshop/internal/deck"
	"github.com/grpcvsrest/workshop/internal/workshop"
)

const root = "../.."

// The deck in headless Chromium, slide by slide: every picture loads, and
// nothing overflows the 1280x720 slide (text below the bottom, a code line
// past the right edge, a table too wide). DECK_SCREENSHOTS=dir keeps a PNG
// of each slide there, for a speaker who wants to look.
func TestEverySlideRendersInChromium(t *testing.T) {
	srv := httptest.NewServer(deck.Handler(root))
	defer srv.Close()
	ctx := browsertest.Start(t, 1280, 720)

	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")))
	count, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("section").length`))
	require.NoError(t, err)
	src, err := os.ReadFile(filepath.Join(root, deck.File))
	require.NoError(t, err)
	slides, err := deck.Render(root, string(src))
	require.NoError(t, err, "every include resolves")
	require.Equal(t, len(slides), count, "one section per slide")

	shots := os.Getenv("DECK_SCREENSHOTS")
	for i := range count {
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(
			`document.querySelectorAll("section").forEach((s, k) => s.classList.toggle("on", k === %d)); true`, i)))
		require.NoError(t, err)
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](`[...document.querySelectorAll("section.on img")].every((img) => img.complete)`,
			chromedp.WithPollingTimeout(10*time.Second)))
		require.NoError(t, err, "slide %d: its pictures load", i+1)
		problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](overflow))
		require.NoError(t, err)
		assert.Empty(t, problems, "slide %d (%s)", i+1, deck.Title(slides[i]))
		// Read from the back row: code at least 22 px on the 1280x720
		// slide (the page grows it to fill the slide, up to 30), any text
		// at least 18 px.
		code, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`Math.min(30, ...[...document.querySelectorAll("section.on pre")].map((p) => parseFloat(getComputedStyle(p).fontSize)))`))
		require.NoError(t, err)
		assert.GreaterOrEqual(t, code, 22.0, "slide %d (%s): its code fits only at %.0f px: include fewer lines, or split the slide", i+1, deck.Title(slides[i]), code)
		text, err := chromedp.Run(ctx, chromedp.Evaluate[float64](smallestText))
		require.NoError(t, err)
		assert.GreaterOrEqual(t, text, 18.0, "slide %d (%s): text of %.0f px", i+1, deck.Title(slides[i]), text)
		if shots != "" {
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(shots, fmt.Sprintf("slide-%02d.png", i+1)), png, 0o644))
		}
	}
}

// smallestText is the smallest font size of any text on the slide shown.
const smallestText = `(() => {
  let min = 100;
  const walk = document.createTreeWalker(document.querySelector("section.on"), NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const n = walk.currentNode;
    if (!n.textContent.trim() || n.parentElement.closest(".notes")) continue;
    min = Math.min(min, parseFloat(getComputedStyle(n.parentElement).fontSize));
  }
  return min;
})()`

// overflow lists what does not fit on the slide shown.
const overflow = `(() => {
  const s = document.querySelector("section.on"), out = [];
  if (s.scrollHeight > s.clientHeight + 1) out.push("content is " + (s.scrollHeight - s.clientHeight) + "px taller than the slide");
  if (s.scrollWidth > s.clientWidth + 1) out.push("content is " + (s.scrollWidth - s.clientWidth) + "px wider than the slide");
  s.querySelectorAll("pre, table").forEach((e) => {
    if (e.scrollWidth > e.clientWidth + 1) out.push(e.tagName.toLowerCase() + " is " + (e.scrollWidth - e.clientWidth) + "px too wide: " + e.textContent.trim().split("\n")[0].slice(0, 60));
  });
  s.querySelectorAll("img").forEach((img) => {
    if (!img.naturalWidth) out.push("broken image " + img.getAttribute("src"));
    // A picture shown smaller than it is shrinks its text with it: draw it
    // at most 1150x540 (06's charts and 07's screenshot are made so).
    else if (img.width < img.naturalWidth * 0.95) out.push(img.getAttribute("src") + " is shown at " + Math.round(100 * img.width / img.naturalWidth) + "% of its size, and its text with it");
  });
  return out;
})()`

// Every exercise of the registry has its slide: the deck follows the
// workshop, not the other way round.
func TestTheDeckNamesEveryExercise(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(root, deck.File))
	require.NoError(t, err)
	for _, s := range workshop.Steps {
		for _, ex := range s.Exercises {
			assert.Contains(t, string(src), "workshop test "+s.Num, "step %s has no exercise slide", s.Num)
			assert.Regexp(t, fmt.Sprintf("(?m)^## %s .*%s", s.Num, ex.Name), string(src), "no slide is titled with exercise %s %s", s.Num, ex.Name)
		}
	}
}

// The notes window (N, or /?notes) shows the current slide's notes and
// none of the slides; every slide but the title has notes to show.
func TestTheNotesWindowShowsTheSlidesNotes(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(root, deck.File))
	require.NoError(t, err)
	slides, err := deck.Render(root, string(src))
	require.NoError(t, err)
	for i, s := range slides {
		assert.NotEmpty(t, s.Notes, "slide %d (%s) has no speaker notes (lines starting with ': ')", i+1, deck.Title(s))
	}

	srv := httptest.NewServer(deck.Handler(root))
	defer srv.Close()
	ctx := browsertest.Start(t, 1280, 720)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/?notes#s2")))
	notes, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("notes").innerText`))
	require.NoError(t, err)
	assert.Contains(t, notes, "3 / ")
	assert.Contains(t, notes, slides[2].Notes[0][:40])
	visible, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("section")].filter((s) => s.offsetParent !== null).length`))
	require.NoError(t, err)
	assert.Zero(t, visible, "the notes window shows no slide")

	// A clock (the time, this slide's minutes, the deck's) and what comes next.
	clock, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("clock").innerText`))
	require.NoError(t, err)
	assert.Regexp(t, `^\d\d:\d\d +· +this slide 0:0\d +· +since the start \d+:\d\d$`, clock)
	next, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("next").innerText`))
	require.NoError(t, err)
	assert.Equal(t, "Next: "+deck.Title(slides[3]), next)
}
