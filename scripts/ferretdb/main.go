// Command embedded-ferretdb runs FerretDB v1 as a child of the Baton process, on SQLite files in a
// directory (the default) or on a PostgreSQL database.
//
// It listens on 127.0.0.1 (port 0 = any free port), prints one JSON line {"uri": "..."} on stdout
// once it accepts connections, and exits when its parent goes away: stdin is a pipe held by the
// parent, so EOF on stdin means the parent died (even by SIGKILL) and we must not outlive it.
// On PostgreSQL the parent also writes "schema-ready" on stdin once it has created its
// collections and indexes (see schema_lock.go).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on")
	backend := flag.String("backend", "sqlite", "storage: sqlite or postgresql")
	dir := flag.String("dir", "", "SQLite data directory (created if missing); sqlite only")
	pgURL := flag.String("postgresql-url", "", "PostgreSQL connection URL, e.g. postgres://user@host:5432/baton, or - to read it from the first line of stdin (keeps a password out of ps); postgresql only")
	logLevel := flag.String("log-level", "error", "debug, info, warn or error")
	indexEvery := flag.Duration("id-index-every", time.Second, "how often to add _id lookup indexes to new collections (see id_lookup*.go); 0 = never")
	lockMax := flag.Duration("schema-lock-max", 5*time.Minute, "postgresql: release the schema lock after this long even without schema-ready")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("bad -log-level: " + err.Error())
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	stdin := bufio.NewScanner(os.Stdin)
	config := &ferretdb.Config{Listener: ferretdb.ListenerConfig{TCP: *listen}, Logger: logger}
	var keepIndexes func(ctx context.Context)
	var lock *schemaLock
	switch *backend {
	case "sqlite":
		if *dir == "" {
			fail("-dir is required with -backend sqlite")
		}
		abs, err := filepath.Abs(*dir)
		if err != nil {
			fail(err.Error())
		}
		if err := os.MkdirAll(abs, 0o755); err != nil {
			fail(err.Error())
		}
		config.Handler = "sqlite"
		config.SQLiteURL = "file:" + abs + "/"
		keepIndexes = func(ctx context.Context) { keepIDLookupIndexes(ctx, abs, *indexEvery, logger) }
	case "postgresql":
		if *pgURL == "-" && stdin.Scan() {
			*pgURL = strings.TrimSpace(stdin.Text())
		}
		if *pgURL == "" || *pgURL == "-" {
			fail("-postgresql-url is required with -backend postgresql")
		}
		u, err := withCustomPlans(*pgURL)
		if err != nil {
			fail("-postgresql-url is not a URL") // the error would repeat it, password and all
		}
		// Before FerretDB reads its metadata (see schema_lock.go for why).
		lock, err = acquireSchemaLock(ctx, u, func() { status("waiting for another Baton process to finish setting up the database") })
		if err != nil {
			fail("PostgreSQL: " + err.Error())
		}
		config.Handler = "postgresql"
		config.PostgreSQLURL = u
		keepIndexes = func(ctx context.Context) { keepPgIDLookupIndexes(ctx, u, *indexEvery, logger) }
	default:
		fail("-backend must be sqlite or postgresql")
	}

	f, err := ferretdb.New(config)
	if err != nil {
		fail(err.Error())
	}

	// The parent holds our stdin open; EOF means it is gone.
	go func() {
		for stdin.Scan() {
			if strings.TrimSpace(stdin.Text()) == "schema-ready" && lock != nil {
				lock.release(logger, "")
			}
		}
		stop()
	}()
	if lock != nil {
		go func() {
			select {
			case <-time.After(*lockMax):
				lock.release(logger, "released the schema lock without schema-ready after "+lockMax.String())
			case <-ctx.Done():
			}
		}()
	}
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
		go keepIndexes(ctx)
	}

	// MongoDBURI blocks until the listener has its address.
	line, _ := json.Marshal(map[string]string{"uri": f.MongoDBURI()})
	fmt.Println(string(line))

	<-done
	if lock != nil {
		lock.release(logger, "")
	}
}

// status tells the parent what start-up is waiting on (one JSON line; the parent may show it).
func status(msg string) {
	line, _ := json.Marshal(map[string]string{"status": msg})
	fmt.Println(string(line))
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "embedded-ferretdb: "+msg)
	os.Exit(2)
}
