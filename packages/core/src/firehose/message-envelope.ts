import { z } from 'zod';

/** Fields every Firehose message carries. */
export const messageEnvelopeShape = {
  id: z.string().min(1),
  // The largest time a JavaScript Date can hold (8.64e15 ms, year 275760): beyond it no
  // `eventTime` can be written, so such a message is refused here rather than failing later.
  timestamp_ms: z.number().int().nonnegative().max(8.64e15),
  firehose_version: z.string().min(1),
};
