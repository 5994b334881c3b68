import { open } from 'node:fs/promises';
import { SyncSetupError } from './sync-setup-error.js';

/** An opened input file, read as a stream of chunks, counting the bytes read. */
export interface OpenedInput {
  /** The file's size in bytes. */
  size: number;
  /** The file's modification time, in milliseconds since the epoch. */
  modifiedMs: number;
  /** The bytes read so far. */
  bytesRead(): number;
  /** The file's chunks (can be iterated once). */
  chunks: AsyncIterable<Buffer>;
}

/**
 * Opens `path` for streaming. Throws {@link SyncSetupError} when it does not exist, is a directory
 * or cannot be read, so that the run stops before anything is sent.
 */
export async function openInput(path: string): Promise<OpenedInput> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? String(error));
    throw new SyncSetupError(`Cannot read the input file ${path}: ${why}`);
  }
  const stats = await handle.stat();
  if (stats.isDirectory()) {
    await handle.close();
    throw new SyncSetupError(`Cannot read the input file ${path}: it is a directory`);
  }
  const stream = handle.createReadStream({ highWaterMark: 256 * 1024 });
  let read = 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        read += chunk.length;
        yield chunk;
      }
    } finally {
      stream.destroy();
    }
  }
  return { size: stats.size, modifiedMs: Math.floor(stats.mtimeMs), bytesRead: () => read, chunks: chunks() };
}
