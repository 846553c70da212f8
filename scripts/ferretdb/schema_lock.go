package main

// FerretDB v1 on PostgreSQL keeps the list of collections and indexes in memory: it reads its
// metadata tables once, at the first request, and afterwards trusts only itself. A second
// FerretDB on the same database (another Baton process, on this host or another) that loaded its
// metadata before the first one created a collection does not see that collection: it reads it
// as empty, and its first insert fails because the table already exists.
//
// So every Baton process creates all of its collections and indexes at start, and start-ups take
// turns: the launcher takes a PostgreSQL advisory lock before FerretDB reads anything, and
// releases it when Baton writes "schema-ready" on stdin (or after -schema-lock-max). A process
// that starts while another sets up waits, then loads metadata that already lists everything.

import (
	"context"
	"log/slog"
	"net/url"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// schemaLockKey is our advisory lock id ("batonsch" as a big-endian int64).
const schemaLockKey int64 = 0x6261746f6e736368

type schemaLock struct {
	conn *pgx.Conn
	once sync.Once
}

// connect opens one plain connection with the settings of a FerretDB pool URL (pool_* dropped).
func connect(ctx context.Context, u string) (*pgx.Conn, error) {
	cfg, err := pgxpool.ParseConfig(u)
	if err != nil {
		return nil, err
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "baton-embedded-ferretdb"
	return pgx.ConnectConfig(ctx, cfg.ConnConfig)
}

// acquireSchemaLock blocks until this process may set up the database; onWait runs once if it
// has to wait.
func acquireSchemaLock(ctx context.Context, u string, onWait func()) (*schemaLock, error) {
	conn, err := connect(ctx, u)
	if err != nil {
		return nil, err
	}
	var got bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, schemaLockKey).Scan(&got); err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	if !got {
		onWait()
		if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, schemaLockKey); err != nil {
			conn.Close(context.Background())
			return nil, err
		}
	}
	return &schemaLock{conn: conn}, nil
}

// release ends the session that holds the lock (which releases it); once.
func (l *schemaLock) release(logger *slog.Logger, warning string) {
	l.once.Do(func() {
		if warning != "" {
			logger.Warn(warning)
		}
		_ = l.conn.Close(context.Background())
	})
}

// withCustomPlans makes every FerretDB connection plan each statement with its parameters
// (plan_cache_mode=force_custom_plan), unless the URL already says otherwise. FerretDB filters
// by `_jsonb->$1 @> $2` with the field name as a parameter: a generic plan cannot match that to
// the expression of any index, so after five runs of a statement PostgreSQL may switch it to a
// full scan (see id_lookup_postgres.go).
func withCustomPlans(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	q := u.Query()
	if !q.Has("plan_cache_mode") {
		q.Set("plan_cache_mode", "force_custom_plan")
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}
