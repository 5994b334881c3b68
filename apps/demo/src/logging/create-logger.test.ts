import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';

describe('createLogger', () => {
  it('redacts authorization headers and confidential settings at any depth', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(String(chunk));
        callback();
      },
    });
    const logger = createLogger({ destination, confidentialKeys: ['apiKey', 'secretKey'] });
    logger.info(
      {
        req: { headers: { authorization: 'Token s3cret-token' } },
        settings: { apiKey: 's3cret-api-key', accountId: '42' },
        message: { account: { account_settings: { secretKey: 's3cret-secret' } } },
      },
      'hello',
    );
    const text = lines.join('');
    expect(text).toContain('"accountId":"42"');
    expect(text).not.toContain('s3cret');
    expect(text).toContain('********');
  });
});
