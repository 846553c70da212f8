// Command embedded-ferretdb runs FerretDB v1 (SQLite handler) as a child of the Baton process.
//
// It listens on 127.0.0.1 (port 0 = any free port), prints one JSON line {"uri": "..."} on stdout
// once it accepts connections, and exits when its parent goes away: stdin is a pipe held by the
// parent, so EOF on stdin means the parent died (even by SIGKILL) and we must not outlive it.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on")
	dir := flag.String("dir", "", "SQLite data directory (created if missing)")
	logLevel := flag.String("log-level", "error", "debug, info, warn or error")
	indexEvery := flag.Duration("id-index-every", time.Second, "how often to add _id lookup indexes to new collections (see id_lookup.go); 0 = never")
	flag.Parse()

	if *dir == "" {
		fail("-dir is required")
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		fail(err.Error())
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		fail(err.Error())
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("bad -log-level: " + err.Error())
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
	})
	if err != nil {
		fail(err.Error())
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// The parent holds our stdin open; EOF means it is gone.
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		stop()
	}()
	// Belt and braces: if we were re-parented (parent died without closing the pipe), stop too.
	parent := os.Getppid()
	go func() {
		for range time.Tick(500 * time.Millisecond) {
			if os.Getppid() != parent {
				stop()
				return
			}
		}
	}()

	done := make(chan struct{})
	go func() {
		_ = f.Run(ctx)
		close(done)
	}()

	if *indexEvery > 0 {
		go keepIDLookupIndexes(ctx, abs, *indexEvery, logger)
	}

	// MongoDBURI blocks until the listener has its address.
	line, _ := json.Marshal(map[string]string{"uri": f.MongoDBURI()})
	fmt.Println(string(line))

	<-done
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "embedded-ferretdb: "+msg)
	os.Exit(2)
}
