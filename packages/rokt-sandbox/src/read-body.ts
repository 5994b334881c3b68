import type { IncomingMessage } from 'node:http';

/** The outcome of reading a request body. */
export type BodyReadResult =
  | { kind: 'read'; bytes: Buffer }
  | { kind: 'too-large'; size: number }
  | { kind: 'failed'; message: string };

/**
 * Reads a request body, keeping at most `limit` bytes; a larger body is drained (so the client
 * can read the answer) and reported as too large. Never rejects.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<BodyReadResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyReadResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const declared = Number(request.headers['content-length']);
    let tooLarge = Number.isFinite(declared) && declared > limit;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (tooLarge) return;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      settle(
        tooLarge
          ? { kind: 'too-large', size: Number.isFinite(declared) ? Math.max(size, declared) : size }
          : {
              kind: 'read',
              bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size),
            },
      );
    });
    request.on('error', (error) => settle({ kind: 'failed', message: error.message }));
    request.on('aborted', () => settle({ kind: 'failed', message: 'the request was aborted' }));
  });
}
