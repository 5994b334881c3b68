import { readFile } from 'node:fs/promises';
import { formatIssuePath } from '@forwarder/core';
import { parseJsonSafely } from '../input/safe-json-parse.js';
import { type ForwarderConfig, forwarderConfigSchema } from './config-schema.js';

/** A `--config` file that cannot be used; `issues` lists every problem as `path: what is wrong`. */
export class ConfigFileError extends Error {
  /** Every problem, each naming the JSON path. */
  readonly issues: readonly string[];

  constructor(message: string, issues: readonly string[] = []) {
    super(issues.length > 0 ? `${message}\n${issues.map((issue) => `  - ${issue}`).join('\n')}` : message);
    this.name = 'ConfigFileError';
    this.issues = issues;
  }
}

const environmentReference = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `${NAME}` in every string of `value` with the environment variable `NAME`; a missing
 * variable is an issue naming the path (and the variable, never a value).
 */
function expandEnvironment(
  value: unknown,
  environment: NodeJS.ProcessEnv,
  path: (string | number)[],
  issues: string[],
): unknown {
  if (typeof value === 'string') {
    return value.replace(environmentReference, (_whole, name: string) => {
      const found = environment[name];
      if (found === undefined) {
        issues.push(`${formatIssuePath(path)}: environment variable ${name} is not set`);
        return '';
      }
      return found;
    });
  }
  if (Array.isArray(value))
    return value.map((item, index) => expandEnvironment(item, environment, [...path, index], issues));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      out[key] = expandEnvironment(item, environment, [...path, key], issues);
    return out;
  }
  return value;
}

/**
 * Validates an already parsed configuration value: the minimal form (`{"endpoints": {...}}`) or
 * the full one (outputs, connections, csv, delivery). Throws {@link ConfigFileError} whose issues
 * name the JSON path of each problem, e.g. `outputs.main.emailEncoding: must be one of Raw, Sha256`.
 */
export function parseConfig(value: unknown, environment: NodeJS.ProcessEnv = process.env): ForwarderConfig {
  const issues: string[] = [];
  const expanded = expandEnvironment(value, environment, [], issues);
  if (issues.length > 0) throw new ConfigFileError('Invalid configuration:', issues);
  const result = forwarderConfigSchema.safeParse(expanded, { reportInput: true });
  if (!result.success) {
    throw new ConfigFileError(
      'Invalid configuration:',
      result.error.issues.map((issue) => {
        const where = formatIssuePath(issue.path);
        const message =
          issue.code === 'unrecognized_keys'
            ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`
            : issue.code === 'invalid_type' && issue.input === undefined
              ? 'is required'
              : issue.message;
        return where === '' ? message : `${where}: ${message}`;
      }),
    );
  }
  return result.data;
}

/** Reads and validates a `--config` JSON file. Throws {@link ConfigFileError} on any problem. */
export async function loadConfig(
  path: string,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<ForwarderConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigFileError(
      `Cannot read the config file ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`,
    );
  }
  const parsed = parseJsonSafely(text.replace(/^\ufeff/, ''));
  if (!parsed.ok) throw new ConfigFileError(`The config file ${path} is not valid JSON: ${parsed.error}`);
  return parseConfig(parsed.value, environment);
}
