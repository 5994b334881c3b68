import { describe, expect, it } from 'vitest';
import { HttpProblem } from './error-reply.js';
import { isUtf8ContentType, MAX_JSON_DEPTH, parseJsonBody, utf8Body } from './request-body.js';

function refusal(run: () => unknown): HttpProblem {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpProblem) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseJsonBody', () => {
  it('parses plain JSON', () => {
    expect(parseJsonBody(Buffer.from('{"a":[1,{"b":"ü"}]}'))).toEqual({ a: [1, { b: 'ü' }] });
  });

  it('refuses invalid UTF-8, naming the line', () => {
    const bytes = Buffer.concat([Buffer.from('{\n"a":\n"x'), Buffer.from([0xff]), Buffer.from('"}')]);
    const problem = refusal(() => parseJsonBody(bytes));
    expect(problem).toMatchObject({ status: 400, code: 'INVALID_UTF8' });
    expect(problem.message).toMatch(/line 3/);
  });

  it('says where unreadable JSON is wrong without quoting the text around it', () => {
    const body = '{"apiKey": k9QzTr4Lw2Xp}';
    const problem = refusal(() => parseJsonBody(Buffer.from(body)));
    expect(problem).toMatchObject({ status: 400, code: 'INVALID_JSON' });
    expect(problem.message).toMatch(/Unexpected token 'k'.* near position \d+/);
    expect(problem.message).not.toMatch(/k9Qz|Tr4L|Lw2X/);
    const trailing = refusal(() => parseJsonBody(Buffer.from('[{"secretKey":"k9QzTr4Lw2Xp"},]')));
    expect(trailing.message).not.toMatch(/k9Qz|Tr4L|Lw2X/);
  });

  it('refuses prototype keys, escaped or not', () => {
    for (const text of [
      '{"__proto__":{}}',
      '{"a":{"\\u005f_proto__":1}}',
      '{"constructor":{"prototype":1}}',
    ]) {
      expect(refusal(() => parseJsonBody(Buffer.from(text))).message).toMatch(/forbidden object key/);
    }
  });

  it('refuses an empty body and nesting deeper than the limit, naming where', () => {
    expect(refusal(() => parseJsonBody(Buffer.from(' \n'))).message).toMatch(/empty/);
    const deep = `{"ok":1,"deep":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}`;
    expect(refusal(() => parseJsonBody(Buffer.from(deep))).message).toMatch(/deeper than 64 levels.*"deep"/);
    const fits = `{"deep":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`;
    expect(parseJsonBody(Buffer.from(fits))).toBeTypeOf('object');
  });
});

describe('utf8Body and isUtf8ContentType', () => {
  it('passes UTF-8 text through and accepts only a UTF-8 charset', () => {
    expect(utf8Body(Buffer.from('mpid\n1\n'))).toBe('mpid\n1\n');
    expect(isUtf8ContentType('application/json')).toBe(true);
    expect(isUtf8ContentType('application/json; charset=UTF-8')).toBe(true);
    expect(isUtf8ContentType('text/csv; charset="utf8"')).toBe(true);
    expect(isUtf8ContentType('application/json; charset=utf-16')).toBe(false);
    expect(isUtf8ContentType('text/csv;charset=latin1')).toBe(false);
  });
});
