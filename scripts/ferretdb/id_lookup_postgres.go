package main

// FerretDB v1.24.2 on PostgreSQL stores each collection as a table with one jsonb column, `_jsonb`,
// and builds the unique `_id_` index as a btree on `(_jsonb->'_id')`. Its updates and deletes
// filter with `=` / `IN` on that very expression and use it, but its queries (find, findOne,
// count, and the read half of every findAndModify and update) filter with
// `_jsonb->$1 @> $2` — containment, which a btree cannot answer — so every `findOne({_id})`
// scans the whole table.
//
// keepPgIDLookupIndexes adds, to every collection table of every FerretDB database (schema), a
// GIN index on `(_jsonb->'_id')`, which answers exactly that containment test once the planner
// sees the field name as a constant (withCustomPlans in schema_lock.go makes sure it does). Like
// the SQLite twin, the index is invisible to FerretDB's metadata, changes no result, and goes
// away with the table.

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// indexPassLockKey keeps launchers on several hosts from building the same index at once
// ("batonidx" as a big-endian int64); a launcher that does not get it skips the pass.
const indexPassLockKey int64 = 0x6261746f6e696478

// pgMissingIndexes lists FerretDB collection tables lacking our index, with the index name:
// at most 40 characters of the table, a marker, and a hash of the whole table name (PostgreSQL
// cuts names at 63 characters; FerretDB's own index names end in "_idx").
const pgMissingIndexes = `
SELECT n.nspname, c.relname, left(c.relname, 40) || '__baton_id_' || left(md5(c.relname), 8)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r'
  AND c.relname <> '_ferretdb_database_metadata'
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND EXISTS (SELECT 1 FROM pg_class m
              WHERE m.relnamespace = c.relnamespace AND m.relname = '_ferretdb_database_metadata')
  AND EXISTS (SELECT 1 FROM pg_attribute a
              WHERE a.attrelid = c.oid AND a.attname = '_jsonb' AND NOT a.attisdropped)
  AND NOT EXISTS (SELECT 1 FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                  WHERE x.indrelid = c.oid
                    AND i.relname = left(c.relname, 40) || '__baton_id_' || left(md5(c.relname), 8))`

func keepPgIDLookupIndexes(ctx context.Context, u string, every time.Duration, logger *slog.Logger) {
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	var conn *pgx.Conn
	defer func() {
		if conn != nil {
			_ = conn.Close(context.Background())
		}
	}()
	for {
		if conn == nil || conn.IsClosed() {
			c, err := connect(ctx, u)
			if err != nil && ctx.Err() == nil {
				logger.Warn("id lookup index: connect", slog.String("err", err.Error()))
			}
			conn = c
		}
		if conn != nil {
			if err := pgIndexPass(ctx, conn); err != nil && ctx.Err() == nil {
				logger.Warn("id lookup index", slog.String("err", err.Error()))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// pgIndexPass creates the missing indexes in one transaction (new tables are empty, so the
// build takes no time; a table that predates the launcher blocks writers while it is indexed).
func pgIndexPass(ctx context.Context, conn *pgx.Conn) error {
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		var mine bool
		if err := tx.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock($1)`, indexPassLockKey).Scan(&mine); err != nil {
			return err
		}
		if !mine {
			return nil
		}
		rows, err := tx.Query(ctx, pgMissingIndexes)
		if err != nil {
			return err
		}
		type missing struct{ schema, table, index string }
		var todo []missing
		for rows.Next() {
			var m missing
			if err := rows.Scan(&m.schema, &m.table, &m.index); err != nil {
				rows.Close()
				return err
			}
			todo = append(todo, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, m := range todo {
			stmt := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s USING gin ((_jsonb->'_id'))`,
				pgx.Identifier{m.index}.Sanitize(), pgx.Identifier{m.schema, m.table}.Sanitize())
			if _, err := tx.Exec(ctx, stmt); err != nil {
				return err
			}
		}
		return nil
	})
}
