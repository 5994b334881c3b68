import { describe, expect, it } from 'vitest';
import { ConfigurationError, ErrorCode, ForwarderError, HttpError, NetworkError } from '../index.js';

describe('errors', () => {
  it('HttpError computes isRetryable from the status', () => {
    expect(new HttpError('x', { status: 429 }).isRetryable).toBe(true);
    expect(new HttpError('x', { status: 503 }).isRetryable).toBe(true);
    expect(new HttpError('x', { status: 408 }).isRetryable).toBe(true);
    expect(new HttpError('x', { status: 400 }).isRetryable).toBe(false);
    expect(new HttpError('x', { status: 401 }).isAuthenticationFailure).toBe(true);
  });

  it('recognises errors across copies through a global marker, not instanceof', () => {
    const error = new ConfigurationError('bad', [{ setting: 'accountId', message: 'required' }]);
    const copy = Object.assign(Object.create(null), error, { [Symbol.for('forwarder.error')]: true });
    expect(ForwarderError.isInstance(copy)).toBe(true);
    expect(ForwarderError.isInstance(new Error('plain'))).toBe(false);
    expect(ConfigurationError.isConfigurationError(error)).toBe(true);
    expect(error.code).toBe(ErrorCode.CONFIGURATION);
  });

  it('keeps the cause but leaves it out of JSON', () => {
    const cause = new Error('secret-bearing cause');
    const error = new NetworkError('connection dropped', { cause });
    expect(error.cause).toBe(cause);
    expect(JSON.stringify(error)).not.toContain('secret-bearing');
    expect(error.isRetryable).toBe(true);
  });
});
