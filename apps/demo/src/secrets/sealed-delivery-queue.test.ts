import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type QueueItem, SqliteDeliveryQueue } from '../queue/index.js';
import { type Database, openDatabase } from '../store/database.js';
import { ConfidentialSettings } from './confidential-settings.js';
import { SealedDeliveryQueue } from './sealed-delivery-queue.js';
import { SecretKey } from './secret-key.js';

const apiKey = 'queued-apikey-Wd4Rt8Yn2Lp6';
const names = ['apiKey', 'secretKey'];

function message(id: string) {
  return {
    type: 'audience_membership_change_request',
    id,
    account: { account_id: 5, account_settings: { accountId: '77', apiKey } },
    user_profiles: [{ mpid: '1' }],
  };
}

let directory: string;
let database: Database;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'forwarder-sealed-queue-'));
  database = openDatabase(join(directory, 'queue.db'));
});
afterEach(() => {
  database.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('SealedDeliveryQueue', () => {
  it('stores the credentials of queued messages encrypted and hands them out decrypted', () => {
    const secrets = new ConfidentialSettings(SecretKey.generate('test'), names);
    const queue = new SealedDeliveryQueue(new SqliteDeliveryQueue(database), secrets);
    const original = message('m1');
    expect(queue.enqueue([{ messageId: 'm1', message: original, partitionKey: 'p' }])).toBe(1);
    expect(original.account.account_settings.apiKey).toBe(apiKey); // the caller's object is left alone

    const stored = JSON.parse(
      (database.prepare('SELECT message FROM queue').get() as { message: string }).message,
    ) as ReturnType<typeof message>;
    expect(stored.account.account_settings.accountId).toBe('77');
    expect(stored.account.account_settings.apiKey).toMatch(/^enc:v1:/);
    expect(JSON.stringify(stored)).not.toContain(apiKey.slice(-8));

    const [item] = queue.claim(1, 60_000);
    expect(item?.message).toEqual(original);
  });

  it('fails for good, naming the message and setting, an item whose credentials do not decrypt', () => {
    const written = new ConfidentialSettings(SecretKey.generate('the old key'), names);
    const reading = new ConfidentialSettings(SecretKey.generate('FORWARDER_SECRET_KEY'), names);
    new SealedDeliveryQueue(new SqliteDeliveryQueue(database), written).enqueue([
      { messageId: 'm2', message: message('m2'), partitionKey: 'p' },
    ]);
    const unreadable: { item: QueueItem; error: Error }[] = [];
    const queue = new SealedDeliveryQueue(new SqliteDeliveryQueue(database), reading, (item, error) =>
      unreadable.push({ item, error }),
    );
    expect(queue.claim(1, 60_000)).toEqual([]);
    const reason =
      'Cannot decrypt setting "apiKey" of queued message m2 with the secret key from FORWARDER_SECRET_KEY: it was encrypted with another key, or the stored value was altered or copied from another row';
    expect(unreadable.map(({ item, error }) => [item.messageId, error.message])).toEqual([['m2', reason]]);
    expect(queue.stats()).toEqual({ pending: 0, inFlight: 0, done: 0, failed: 1 });
    expect(database.prepare('SELECT last_error FROM queue').get()).toEqual({ last_error: reason });
  });
});
