import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** The one HTTP server: /healthz, Slack's /slack/events and Telegram's webhook share its port. */
export type HttpServer = {
  /** Registers a handler for an exact method and path (query strings are ignored). */
  route(method: string, path: string, handler: RouteHandler): void;
  /** Registers a handler for every path under `prefix` (e.g. `/api/v1/leads/` for `/api/v1/leads/{id}`). */
  routeUnder(method: string, prefix: string, handler: RouteHandler): void;
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
  readonly server: Server;
};

export function createHttpServer(deps: { log: Logger }): HttpServer {
  const routes = new Map<string, RouteHandler>();
  const prefixes: { method: string; prefix: string; handler: RouteHandler }[] = [];
  const under = (path: string) =>
    prefixes.filter((p) => path.startsWith(p.prefix) && path.length > p.prefix.length);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handler =
      routes.get(`${req.method} ${path}`) ?? under(path).find((p) => p.method === req.method)?.handler;
    if (!handler) {
      const pathKnown = [...routes.keys()].some((k) => k.endsWith(` ${path}`)) || under(path).length > 0;
      res.writeHead(pathKnown ? 405 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: pathKnown ? 'method_not_allowed' : 'not_found' }));
      return;
    }
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((err: unknown) => {
        deps.log.error({ err, path }, 'http handler failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        if (!res.writableEnded) res.end(JSON.stringify({ error: 'internal_error' }));
      });
  });
  server.keepAliveTimeout = 5000;
  return {
    server,
    route(method, path, handler) {
      routes.set(`${method.toUpperCase()} ${path}`, handler);
    },
    routeUnder(method, prefix, handler) {
      prefixes.push({ method: method.toUpperCase(), prefix, handler });
    },
    listen(port, host) {
      return new Promise((res, rej) => {
        server.once('error', rej);
        server.listen(port, host, () => {
          server.off('error', rej);
          res((server.address() as AddressInfo).port);
        });
      });
    },
    close() {
      return new Promise((res) => {
        server.close(() => res());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
    },
  };
}

/** Sends a JSON body with the given status. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
