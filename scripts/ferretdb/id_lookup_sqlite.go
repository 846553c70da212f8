package main

// FerretDB v1.24.2 on SQLite stores each collection as a table with one JSON column,
// `_ferretdb_sjson`, and builds the unique `_id_` index on the expression `_ferretdb_sjson->"_id"`.
// Its queries, updates and deletes by `_id` filter on a different expression,
// `_ferretdb_sjson->'$._id'`, and SQLite only uses an expression index for the very expression it
// was built on: every `findOne({_id})`, `updateOne({_id})` and `replaceOne({_id})` scans the whole
// table (measured: 18 ms per lookup at 10k documents, 0.5 ms with the index below).
//
// keepIDLookupIndexes adds, to every collection table of every database file in the data
// directory, a plain index on exactly the expression FerretDB queries by. It polls because
// collections are created at run time. The index is invisible to FerretDB (its metadata lists only
// its own indexes), changes no result, and goes away with the table when a collection is dropped.

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the pure-Go driver FerretDB itself registers as "sqlite"
)

// idLookupSuffix names our index: `<table>` + suffix (FerretDB names its own `<table>_<name>`).
const idLookupSuffix = "__baton_id_lookup"

// missingTables lists collection tables that lack the lookup index.
const missingTables = `SELECT t.name FROM sqlite_master t
WHERE t.type = 'table'
  AND t.name NOT LIKE '\_ferretdb\_%' ESCAPE '\'
  AND t.name NOT LIKE 'sqlite\_%' ESCAPE '\'
  AND NOT EXISTS (SELECT 1 FROM sqlite_master i WHERE i.type = 'index' AND i.name = t.name || ?)`

func keepIDLookupIndexes(ctx context.Context, dir string, every time.Duration, logger *slog.Logger) {
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, file := range files {
			if err := indexFile(ctx, file); err != nil && ctx.Err() == nil {
				logger.Warn("id lookup index", slog.String("file", file), slog.String("err", err.Error()))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// indexFile opens one database file (never creating it: a dropped database must stay dropped),
// creates the missing indexes and closes it again, so no handle outlives a dropped file.
func indexFile(ctx context.Context, file string) error {
	q := url.Values{}
	q.Set("mode", "rw")
	q.Add("_pragma", "busy_timeout(10000)")
	db, err := sql.Open("sqlite", "file:"+file+"?"+q.Encode())
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	rows, err := db.QueryContext(ctx, missingTables, idLookupSuffix)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, table := range tables {
		stmt := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, table+idLookupSuffix, table)
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}
