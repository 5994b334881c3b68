/** The outcome of validating one request or record. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; message: string };

const MAX_LISTED_ISSUES = 5;

/** Collects validation problems and words them as one message: what is wrong and where. */
export class IssueList {
  readonly #issues: string[] = [];
  #count = 0;

  /** Adds one problem: `where` is a path such as `emails[3]`, `problem` what is wrong there. */
  add(where: string, problem: string): void {
    this.#count += 1;
    if (this.#issues.length < MAX_LISTED_ISSUES) {
      this.#issues.push(`${where} ${problem}`);
    }
  }

  /** Whether any problem was added. */
  get isEmpty(): boolean {
    return this.#count === 0;
  }

  /** All problems as one sentence, naming how many more there are beyond the first few. */
  get message(): string {
    const more = this.#count - this.#issues.length;
    return more > 0 ? `${this.#issues.join('; ')}; and ${more} more` : this.#issues.join('; ');
  }
}

/** Whether `value` is a plain JSON object (not `null`, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Adds an issue for every key of `value` not in `allowed`. */
export function checkKnownKeys(
  value: Record<string, unknown>,
  allowed: ReadonlySet<string>,
  where: string,
  issues: IssueList,
): void {
  // The same keys, in the same order, as Object.keys gives, without allocating an array.
  for (const key in value) {
    if (!allowed.has(key) && Object.hasOwn(value, key)) {
      issues.add(where === '' ? `"${key}"` : `${where}."${key}"`, 'is not a known field');
    }
  }
}

/**
 * What is wrong with a value that must be a non-empty string (`is missing`, `must be a string`,
 * `must not be empty`), or `undefined` when it is one. Lets a caller word where only on failure.
 */
export function nonEmptyStringProblem(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length === 0 ? 'must not be empty' : undefined;
  return value === undefined ? 'is missing' : 'must be a string';
}

/** Adds an issue unless `value` is a non-empty string; returns it when it is one. */
export function requireNonEmptyString(value: unknown, where: string, issues: IssueList): string | undefined {
  const problem = nonEmptyStringProblem(value);
  if (problem === undefined) return value as string;
  issues.add(where, problem);
  return undefined;
}
