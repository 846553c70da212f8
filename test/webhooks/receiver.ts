// A webhook receiver on 127.0.0.1 for the tests: it records every request and answers each by
// the next scripted behaviour (then 200): fail with a status, ask to wait (429 + Retry-After),
// hang past the sender's timeout, or drop the connection. It can go away and come back on its port.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Behaviour = { status: number; retryAfter?: string } | 'hang' | 'drop';
export type Received = { headers: IncomingHttpHeaders; body: string; answered: number | 'hang' | 'drop' };

export class Receiver {
  readonly received: Received[] = [];
  /** Behaviours for the next requests, in order; an empty script answers 200. */
  script: Behaviour[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly hung: ServerResponse[] = [];
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/baton`;
  }

  /** Event bodies that were answered 2xx, parsed, in arrival order. */
  delivered(): { id: string; type: string; data: Record<string, unknown> }[] {
    return this.received
      .filter((r) => typeof r.answered === 'number' && r.answered < 300)
      .map((r) => JSON.parse(r.body) as { id: string; type: string; data: Record<string, unknown> });
  }

  async start(port = this.port): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const b = this.script.shift() ?? { status: 200 };
        const body = Buffer.concat(chunks).toString('utf8');
        this.received.push({ headers: req.headers, body, answered: typeof b === 'string' ? b : b.status });
        if (b === 'hang') return void this.hung.push(res);
        if (b === 'drop') return void req.socket.destroy();
        res.writeHead(b.status, b.retryAfter ? { 'Retry-After': b.retryAfter } : {}).end('ok');
      });
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Goes away: closes the port and every connection (requests in flight fail). */
  async stop(): Promise<void> {
    for (const res of this.hung.splice(0)) res.destroy();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}
