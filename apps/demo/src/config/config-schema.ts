import { z } from 'zod';

/** Builds a choice that matches case-insensitively and comes back in its declared spelling. */
function choice<const Choices extends readonly [string, ...string[]]>(choices: Choices) {
  return z.string({ error: `must be one of ${choices.join(', ')}` }).transform((value, context) => {
    const found = choices.find((candidate) => candidate.toLowerCase() === value.trim().toLowerCase());
    if (found === undefined) {
      context.addIssue({ code: 'custom', message: `must be one of ${choices.join(', ')}` });
      return z.NEVER;
    }
    return found as Choices[number];
  });
}

const text = (what = 'a string') => z.string({ error: `must be ${what}` });
const nonEmptyText = (what = 'a non-empty string') =>
  text(what)
    .trim()
    .min(1, { error: `must be ${what}` });
const positiveInteger = (maximum = Number.MAX_SAFE_INTEGER) =>
  z
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(maximum, { error: `must be at most ${maximum}` });
const flag = z
  .union([z.boolean(), z.enum(['true', 'false'])], { error: 'must be true or false' })
  .transform((value) => value === true || value === 'true');
const httpUrl = z
  .string({ error: 'must be an http(s) URL' })
  .refine((value) => /^https?:\/\/[^\s/]+/i.test(value) && URL.canParse(value), {
    error: 'must be an http(s) URL such as http://127.0.0.1:8787',
  });
const identifier = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'ids use letters, digits, ".", "_" and "-"' });

/** Partner hosts by endpoint name (Rokt reads `audience` and `events`). */
export const endpointsSchema = z.strictObject({
  audience: httpUrl.optional(),
  events: httpUrl.optional(),
});

/**
 * An output configuration: the Rokt account settings, keyed by their Firehose setting ids. Secrets
 * may be written as `"${ENV_VAR}"` references.
 */
export const outputSchema = z.strictObject({
  /** The integration; only `rokt` exists today. */
  integration: z.literal('rokt', { error: 'must be "rokt"' }).default('rokt'),
  configurationName: nonEmptyText(),
  accountId: nonEmptyText(),
  apiKey: text().optional(),
  publicKey: text().optional(),
  secretKey: text().optional(),
  emailEncoding: choice(['Raw', 'Sha256']).default('Raw'),
  mobileEncoding: choice(['None', 'Raw', 'Sha256']).default('None'),
});
/** A parsed output configuration. */
export type OutputConfig = z.infer<typeof outputSchema>;

/** A connection of one audience to one output, with its settings and status. */
export const connectionSchema = z.strictObject({
  audienceId: z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }),
  audienceName: nonEmptyText(),
  outputId: nonEmptyText(),
  status: z.enum(['active', 'inactive'], { error: 'must be one of active, inactive' }).default('inactive'),
  settings: z
    .strictObject({
      hashFirstName: flag.default(false),
      hashLastName: flag.default(false),
      hashZip: flag.default(false),
      forwardedAttributes: z.array(text(), { error: 'must be an array of attribute keys' }).optional(),
    })
    .default({ hashFirstName: false, hashLastName: false, hashZip: false }),
});
/** A parsed connection. */
export type ConnectionConfig = z.infer<typeof connectionSchema>;

/** Delivery tuning: retries, timeouts, concurrency and batch sizes. */
export const deliverySchema = z.strictObject({
  /** Attempts per request, the first included (default 5). */
  attempts: positiveInteger(100).default(5),
  /** Longest time one request may spend on retries, in milliseconds (default 30,000). */
  maxTotalMs: z.number({ error: 'must be a number' }).min(0, { error: 'must be 0 or more' }).default(30_000),
  /** Per-attempt timeout in milliseconds (default 10,000). */
  timeoutMs: positiveInteger().default(10_000),
  /** Most HTTP requests in flight at once (default 8). */
  concurrency: positiveInteger(256).default(8),
  /** Messages processed at once (default 4). */
  messagesInFlight: positiveInteger(64).default(4),
  /** Most addresses per list import request (the plugin's default when absent). */
  addressesPerRequest: positiveInteger(1_000_000).optional(),
  /** Most events per events request (the plugin's default when absent). */
  eventsPerRequest: positiveInteger(100).optional(),
});
/** Parsed delivery tuning. */
export type DeliveryConfig = z.infer<typeof deliverySchema>;

/** How a CSV input is turned into membership changes. */
export const csvSchema = z.strictObject({
  /** The connection the CSV feeds (optional when there is only one). */
  connection: nonEmptyText().optional(),
  /** User profiles per Firehose message (default 1,000). */
  profilesPerMessage: positiveInteger(100_000).default(1_000),
});

/** The `--config` file. */
export const forwarderConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    endpoints: endpointsSchema.default({}),
    outputs: z.record(identifier, outputSchema).default({}),
    connections: z.record(identifier, connectionSchema).default({}),
    csv: csvSchema.default({ profilesPerMessage: 1_000 }),
    delivery: deliverySchema.default({
      attempts: 5,
      maxTotalMs: 30_000,
      timeoutMs: 10_000,
      concurrency: 8,
      messagesInFlight: 4,
    }),
  })
  .superRefine((config, context) => {
    for (const [id, connection] of Object.entries(config.connections)) {
      if (!Object.hasOwn(config.outputs, connection.outputId)) {
        const known = Object.keys(config.outputs);
        context.addIssue({
          code: 'custom',
          path: ['connections', id, 'outputId'],
          message: `names no output${known.length > 0 ? `; outputs: ${known.join(', ')}` : ' (outputs is empty)'}`,
        });
      }
    }
    const wanted = config.csv.connection;
    if (wanted !== undefined && !Object.hasOwn(config.connections, wanted)) {
      context.addIssue({ code: 'custom', path: ['csv', 'connection'], message: 'names no connection' });
    }
  });

/** A parsed, validated `--config` file with every default filled in. */
export type ForwarderConfig = z.infer<typeof forwarderConfigSchema>;
