package workshop

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// An exercise may change a contract: a .proto among its Files (01's
// ReserveStock). Its folder is a buf module of its own, with its own
// buf.yaml and buf.gen.yaml, so a half-edited file there stops nothing else;
// its generated Go sits beside it and is among the exercise's Files too, so
// solve, reset and verify's overlays move the .proto and its code together.

// exerciseProtos lists the .proto files of a step's exercises.
func exerciseProtos(step Step) []string {
	var protos []string
	for _, f := range step.Files() {
		if filepath.Ext(f) == ".proto" {
			protos = append(protos, f)
		}
	}
	return protos
}

// checkExerciseCodegen proves, for each exercise .proto, that the stub's
// generated code is what buf makes of the stub's .proto, and the solution's
// of the solution's: the stub as it is in the tree, the solution from
// _solutions/. Each is linted and generated in a scratch copy of its module.
func checkExerciseCodegen(ctx context.Context, root string, step Step) error {
	for _, proto := range exerciseProtos(step) {
		for _, side := range []string{"", "_solutions"} {
			if err := checkGenerated(ctx, root, step, proto, side); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkGenerated(ctx context.Context, root string, step Step, proto, side string) error {
	root, err := filepath.Abs(root) // buf runs in the module's folder
	if err != nil {
		return err
	}
	module := filepath.Join(root, filepath.Dir(proto))
	which := "stub"
	if side != "" {
		which = "solution"
	}
	scratch, err := os.MkdirTemp("", "workshop-exgen-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	in, out := filepath.Join(scratch, "in"), filepath.Join(scratch, "out")
	for _, f := range []string{"buf.yaml", filepath.Base(proto)} {
		src := filepath.Join(module, f)
		if f == filepath.Base(proto) {
			src = filepath.Join(root, side, proto)
		}
		b, err := os.ReadFile(src)
		if err != nil {
			return fmt.Errorf("codegen (%s of %s): %v", which, proto, err)
		}
		if err := os.MkdirAll(in, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(in, f), b, 0o644); err != nil {
			return err
		}
	}
	// buf runs in the module's folder: its buf.gen.yaml, and the plugins
	// (go tool protoc-gen-go) from the workshop's go.mod.
	buf := bufIn(ctx, root, module, " on the "+which+" of "+proto)
	if err := buf("lint", in); err != nil {
		return err
	}
	if err := buf("generate", in, "-o", out); err != nil {
		return err
	}
	fresh, _ := filepath.Glob(filepath.Join(out, "*.go"))
	committed, _ := filepath.Glob(filepath.Join(root, side, filepath.Dir(proto), "*.pb.go"))
	if len(fresh) == 0 || len(fresh) != len(committed) {
		return fmt.Errorf("codegen: buf makes %d files from the %s of %s, %d are committed", len(fresh), which, proto, len(committed))
	}
	files := step.Files()
	for _, f := range fresh {
		rel := filepath.ToSlash(filepath.Join(filepath.Dir(proto), filepath.Base(f)))
		if !slices.Contains(files, rel) {
			return fmt.Errorf("codegen: %s is generated from %s but is not one of the exercise's Files: solve and reset would leave it behind", rel, proto)
		}
	}
	stale, err := firstStale(fresh, func(f string) string { return filepath.Join(root, side, filepath.Dir(proto), filepath.Base(f)) })
	if err != nil || stale == "" {
		return err
	}
	fix := "run go generate ./" + filepath.ToSlash(filepath.Dir(proto)) + "/ and commit"
	if side != "" {
		fix = "copy the solution's .proto in, run go generate, and copy the generated files to " + filepath.ToSlash(filepath.Join(side, filepath.Dir(proto)))
	}
	rel, _ := filepath.Rel(root, stale)
	return fmt.Errorf("codegen: the %s's %s is not what its %s makes: %s", which, filepath.ToSlash(rel), filepath.Base(proto), fix)
}

// exerciseProtoNames is "stock.proto" for verify's summary.
func exerciseProtoNames(step Step) string {
	var names []string
	for _, p := range exerciseProtos(step) {
		names = append(names, filepath.Base(p))
	}
	return strings.Join(names, ", ")
}
