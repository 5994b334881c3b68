import { z } from 'zod';

/** Fields every Firehose message carries. */
export const messageEnvelopeShape = {
  id: z.string().min(1),
  timestamp_ms: z.number().int().nonnegative(),
  firehose_version: z.string().min(1),
};
