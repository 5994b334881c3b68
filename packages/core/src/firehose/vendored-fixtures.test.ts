import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const vendored = join(import.meta.dirname, '../../../../fixtures/firehose');
const shared = join(import.meta.dirname, '../../../../../shared/fixtures/firehose');

describe('vendored Firehose fixtures', () => {
  it('hold the six example messages and five schemas', () => {
    const names = readdirSync(vendored).filter((name) => name.endsWith('.json'));
    expect(names.filter((name) => name.startsWith('schema-'))).toHaveLength(5);
    expect(names.filter((name) => !name.startsWith('schema-'))).toHaveLength(6);
  });

  it.runIf(existsSync(shared))('are byte-identical to ../shared/fixtures/firehose', () => {
    for (const name of readdirSync(shared).filter((file) => file.endsWith('.json'))) {
      expect(readFileSync(join(vendored, name)).equals(readFileSync(join(shared, name))), name).toBe(true);
    }
  });
});
