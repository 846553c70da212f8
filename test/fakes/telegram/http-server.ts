/** The HTTP face of the fake: `POST /bot<token>/<method>` (GET with a query string works too). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dispatch } from './dispatcher.js';
import { BotApiError, notFound } from './errors.js';
import { parseBody, parseQuery, readBody, type ParsedBody } from './http-body.js';

async function answer(dispatch: Dispatch, req: IncomingMessage, hangUp: AbortSignal) {
  const url = new URL(req.url ?? '/', 'http://fake');
  const route = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
  if (!route) return { status: 404, answer: notFound().toBody() };
  const raw = await readBody(req);
  let parsed: ParsedBody;
  try {
    parsed =
      req.method === 'GET' ? parseQuery(url.searchParams) : await parseBody(req.headers['content-type'], raw);
  } catch (e) {
    if (e instanceof BotApiError) return { status: e.errorCode, answer: e.toBody() };
    throw e;
  }
  // telegraf repeats the method inside multipart bodies; it is no parameter.
  const { method: _method, ...params } = parsed.params;
  return dispatch(decodeURIComponent(route[1]!), route[2]!, parsed.form ? params : parsed.params, {
    via: 'http',
    files: parsed.files,
    form: parsed.form,
    signal: hangUp,
  });
}

/** Listens on 127.0.0.1 at a free port. */
export async function startApiServer(dispatch: Dispatch): Promise<{ server: Server; port: number }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const hangUp = new AbortController();
    res.on('close', () => {
      if (!res.writableEnded) hangUp.abort(); // the client gave up (telegraf's bot.stop() aborts its poll)
    });
    answer(dispatch, req, hangUp.signal)
      .then(({ status, answer: body }) => {
        if (!res.destroyed)
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      })
      .catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(e));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}
