import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from './database.js';
import { DeliveryLogRepository } from './delivery-log-repository.js';

let directory: string;
let database: Database;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'forwarder-delivery-log-'));
  database = openDatabase(join(directory, 'log.db'));
});
afterEach(() => {
  database.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('DeliveryLogRepository.totalsByAudience', () => {
  it('counts a message that was retried once, by its last attempt (every attempt sends all of it)', () => {
    const log = new DeliveryLogRepository(database);
    // Attempt 1: the events went through, the list import did not (503): retried.
    log.append({ status: 'retrying', audienceId: 7, messageId: 'm', profiles: 3, events: 3, failed: 3 });
    // Attempt 2 sends the whole message again, and all of it is delivered.
    log.append({ status: 'delivered', audienceId: 7, messageId: 'm', profiles: 3, included: 3, events: 3 });
    // Another message fails for good after a retry, and one of a second audience is skipped.
    log.append({ status: 'retrying', audienceId: 7, messageId: 'n', profiles: 1, events: 1, failed: 1 });
    log.append({ status: 'failed', audienceId: 7, messageId: 'n', profiles: 1, events: 1, failed: 1 });
    log.append({ status: 'skipped', audienceId: 8, messageId: 'o', profiles: 2, skipped: 2 });
    expect(log.totalsByAudience()).toEqual({
      '7': { included: 3, excluded: 0, events: 4, skipped: 0, failed: 1 },
      '8': { included: 0, excluded: 0, events: 0, skipped: 2, failed: 0 },
    });
  });
});
