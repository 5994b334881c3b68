import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it('removes credentials and query values, keeping the path and parameter names', () => {
    const redacted = redactUrl('https://user:hunter2@api.example.com/v2/events?apiKey=s3cret&x=1#frag');
    expect(redacted).toBe('https://api.example.com/v2/events?apiKey=redacted&x=redacted');
    expect(redacted).not.toContain('s3cret');
    expect(redacted).not.toContain('hunter2');
  });

  it('leaves a plain URL alone and drops the query of an unparseable one', () => {
    expect(redactUrl('http://127.0.0.1:8080/v3/auth-check')).toBe('http://127.0.0.1:8080/v3/auth-check');
    expect(redactUrl('not a url?token=abc')).toBe('not a url');
  });
});
