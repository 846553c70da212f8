import type { IncomingMessage } from 'node:http';

/**
 * A request's whole body as bytes, or undefined past `limit` bytes (the rest is read and dropped,
 * so the refusal can still be answered). Decoding is the caller's, once, from all the bytes: a
 * character may be split between two chunks.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size <= limit ? Buffer.concat(chunks) : undefined;
}
