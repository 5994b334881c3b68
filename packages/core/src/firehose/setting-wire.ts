import { z } from 'zod';

/** The setting types of the Firehose Setting format, plus `choice` and `list` used by our settings. */
export const settingTypeSchema = z.enum(['text', 'integer', 'float', 'boolean', 'choice', 'list']);
/** A setting type. */
export type SettingType = z.infer<typeof settingTypeSchema>;

/** A setting as it appears in a registration response (Firehose Setting format). */
export const firehoseSettingSchema = z.looseObject({
  type: settingTypeSchema,
  id: z.string().min(1),
  name: z.string(),
  description: z.string().optional(),
  visible: z.boolean().optional(),
  required: z.boolean().optional(),
  confidential: z.boolean().optional(),
  default_value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).optional(),
  choices: z.array(z.string()).optional(),
});
/** A Firehose setting on the wire. */
export type FirehoseSetting = z.infer<typeof firehoseSettingSchema>;
