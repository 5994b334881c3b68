import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, eventually, type Stack, secrets, startStack } from './stack.js';

const outputSettings = {
  configurationName: 'Acme Rokt',
  accountId: '800001',
  apiKey: secrets.apiKey,
  emailEncoding: 'Raw',
  mobileEncoding: 'Raw',
};

describe('admin API', () => {
  let stack: Stack;
  const answers: Answer[] = [];
  const call = async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    const answer = await stack.admin(method, path, body, headers);
    answers.push(answer);
    return answer;
  };

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('needs the admin token', async () => {
    const none = await fetch(`${stack.server.url}/api/outputs`);
    expect(none.status).toBe(401);
    const wrong = await fetch(`${stack.server.url}/api/outputs`, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
  });

  it('lists the integrations with their settings in the Firehose Setting format', async () => {
    const answer = await call('GET', '/api/integrations');
    expect(answer.status).toBe(200);
    const rokt = answer.body[0];
    expect(rokt).toMatchObject({ id: 'rokt', name: 'Rokt' });
    expect(rokt.accountSettings.find((s: { id: string }) => s.id === 'apiKey')).toMatchObject({
      confidential: true,
    });
    expect(rokt.accountSettings.find((s: { id: string }) => s.id === 'emailEncoding')).toMatchObject({
      type: 'choice',
      choices: ['Raw', 'Sha256'],
      default_value: 'Raw',
    });
    expect(rokt.connectionSettings.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining(['hashFirstName', 'hashLastName', 'hashZip', 'forwardedAttributes']),
    );
  });

  it('creates, reads, updates and deletes outputs, never returning the secret', async () => {
    const created = await call('POST', '/api/outputs', { integrationId: 'rokt', settings: outputSettings });
    expect(created.status).toBe(201);
    expect(created.body.credentialCheck).toMatchObject({ ok: true, status: 200 });
    expect(created.body.output).toMatchObject({
      integrationId: 'rokt',
      name: 'Acme Rokt',
      status: 'ok',
      settings: { accountId: '800001', apiKey: '********', emailEncoding: 'Raw' },
    });
    const id = created.body.output.id;

    const listed = await call('GET', '/api/outputs');
    expect(listed.body.map((o: { id: number }) => o.id)).toContain(id);
    expect((await call('GET', `/api/outputs/${id}`)).body.settings.apiKey).toBe('********');

    const kept = await call('PUT', `/api/outputs/${id}`, {
      settings: { ...outputSettings, apiKey: '********', configurationName: 'Acme Rokt (renamed)' },
    });
    expect(kept.status).toBe(200);
    expect(kept.body.credentialCheck.ok).toBe(true);
    expect(kept.body.output.name).toBe('Acme Rokt (renamed)');

    const omitted = { ...outputSettings } as Record<string, string>;
    delete omitted.apiKey;
    expect((await call('PUT', `/api/outputs/${id}`, { settings: omitted })).body.credentialCheck.ok).toBe(
      true,
    );

    const check = await call('POST', `/api/outputs/${id}/check`);
    expect(check.body).toMatchObject({ ok: true });

    expect((await call('DELETE', `/api/outputs/${id}`)).status).toBe(204);
    expect((await call('GET', `/api/outputs/${id}`)).status).toBe(404);
  });

  it('reports rejected credentials on save and marks the output suspended', async () => {
    const created = await call('POST', '/api/outputs', {
      settings: { ...outputSettings, apiKey: 'wrong-key-S3CRET-9' },
    });
    expect(created.status).toBe(201);
    expect(created.body.credentialCheck).toMatchObject({ ok: false, status: 401 });
    expect(created.body.credentialCheck.message).toMatch(/rejected/i);
    expect(created.body.output.status).toBe('suspended');
    const fixed = await call('PUT', `/api/outputs/${created.body.output.id}`, { settings: outputSettings });
    expect(fixed.body.credentialCheck.ok).toBe(true);
    expect(fixed.body.output.status).toBe('ok');
  });

  it('refuses invalid settings with one issue per setting', async () => {
    const answer = await call('POST', '/api/outputs', {
      settings: { configurationName: 'Broken', emailEncoding: 'Base64', apiKey: secrets.apiKey },
    });
    expect(answer.status).toBe(400);
    const settings = answer.body.error.details.issues.map((issue: { setting: string }) => issue.setting);
    expect(settings).toEqual(expect.arrayContaining(['accountId', 'emailEncoding']));
    const noCredentials = await call('POST', '/api/outputs', {
      settings: { configurationName: 'No key', accountId: '1' },
    });
    expect(noCredentials.status).toBe(400);
    expect(
      (await call('POST', '/api/outputs', 'not json', { 'content-type': 'application/json' })).status,
    ).toBe(400);
  });

  it('keeps a new connection inactive (changes skipped), then delivers current members when switched on', async () => {
    const output = (
      await call('POST', '/api/outputs', { settings: { ...outputSettings, accountId: '800002' } })
    ).body.output;
    const audience = await call('POST', '/api/audiences', { name: 'High Value Shoppers' });
    expect(audience.status).toBe(201);
    const audienceId = audience.body.id;
    const connection = await call('POST', '/api/connections', {
      audienceId,
      outputId: output.id,
      settings: { hashFirstName: true, forwardedAttributes: ['$firstname', 'tier'] },
    });
    expect(connection.status).toBe(201);
    expect(connection.body).toMatchObject({
      status: 'inactive',
      settings: { hashFirstName: true, hashLastName: false, forwardedAttributes: ['$firstname', 'tier'] },
    });

    const members = Array.from({ length: 5 }, (_, index) => ({
      mpid: `100${index}`,
      email: `Member${index}@Example.com`,
      mobile: `+1 (555) 123-000${index}`,
      attributes: { $firstname: `Ann ${index}`, $lastname: 'Secretive', tier: 'gold' },
    }));
    const added = await call('POST', `/api/audiences/${audienceId}/members`, { action: 'add', members });
    expect(added.body).toEqual({ accepted: 5, queued: 0 });
    const skipped = await call('GET', `/api/deliveries?audienceId=${audienceId}`);
    expect(skipped.body[0]).toMatchObject({
      status: 'skipped',
      skipped: 5,
      reasons: { inactive_connection: 5 },
    });
    const stats = await call('GET', '/api/stats');
    expect(stats.body.audiences[String(audienceId)]).toMatchObject({ skipped: 5, included: 0 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stack.sandbox.state().accounts['800002']).toBeUndefined();

    const switched = await call('PUT', `/api/connections/${connection.body.id}`, { status: 'active' });
    expect(switched.status).toBe(200);
    expect(switched.body).toMatchObject({ status: 'active', queued: 5 });
    await eventually(
      () => stack.sandbox.state().accounts['800002']?.lists['High Value Shoppers']?.included.length === 5,
    );
    await eventually(() => stack.sandbox.state().accounts['800002']?.events.count === 5);
    expect(stack.sandbox.state().accounts['800002']!.lists['High Value Shoppers']!.included).toContain(
      'member0@example.com',
    );
    const event = stack.sandbox
      .eventsFor('800002')
      .find((e) => e.objectData.some((d) => d.value === '1000'))!;
    const names = Object.fromEntries(event.objectData.map((entry) => [entry.name, entry.value]));
    expect(names).toMatchObject({
      mpid: '1000',
      email: 'member0@example.com',
      mobile: '5551230000',
      tier: 'gold',
    });
    expect(names.firstnamesha256).toMatch(/^[0-9a-f]{64}$/);
    expect(names.lastname).toBeUndefined();

    const removed = await call('POST', `/api/audiences/${audienceId}/members`, {
      action: 'remove',
      members: [{ mpid: '1001' }],
    });
    expect(removed.body).toEqual({ accepted: 1, queued: 1 });
    await eventually(() =>
      stack.sandbox
        .state()
        .accounts['800002']?.lists['High Value Shoppers']?.excluded.includes('member1@example.com'),
    );
    const page = await call('GET', `/api/audiences/${audienceId}/members?limit=2&offset=0`);
    expect(page.body.total).toBe(4);
    expect(page.body.members).toHaveLength(2);
    expect((await call('GET', `/api/audiences/${audienceId}`)).body).toMatchObject({
      name: 'High Value Shoppers',
      memberCount: 4,
      connections: 1,
    });

    await eventually(
      async () => (await call('GET', '/api/stats')).body.audiences[String(audienceId)]?.included >= 5,
    );
    const deliveries = await call('GET', `/api/deliveries?audienceId=${audienceId}&limit=10`);
    expect(deliveries.body.some((entry: { status: string }) => entry.status === 'delivered')).toBe(true);
    expect(deliveries.body[0]).toMatchObject({
      audienceId,
      connectionId: connection.body.id,
      outputId: output.id,
      messageId: expect.any(String),
    });
  });

  it('sends the members again when the settings of an active connection change, and only then', async () => {
    const output = (
      await call('POST', '/api/outputs', { settings: { ...outputSettings, accountId: '800009' } })
    ).body.output;
    const audienceId = (await call('POST', '/api/audiences', { name: 'Resend On Change' })).body.id;
    const connection = await call('POST', '/api/connections', {
      audienceId,
      outputId: output.id,
      settings: { forwardedAttributes: ['tier'] },
    });
    await call('PUT', `/api/connections/${connection.body.id}`, { status: 'active' });
    const members = Array.from({ length: 3 }, (_, index) => ({
      mpid: `900${index}`,
      email: `resend${index}@example.com`,
      attributes: { $lastname: 'Smith', tier: 'gold' },
    }));
    expect(
      (await call('POST', `/api/audiences/${audienceId}/members`, { action: 'add', members })).body,
    ).toEqual({
      accepted: 3,
      queued: 3,
    });
    await eventually(() => stack.sandbox.state().accounts['800009']?.events.count === 3);
    const lastNames = () =>
      stack.sandbox
        .eventsFor('800009')
        .filter((event) => event.objectData.some((entry) => entry.name === 'lastnamesha256')).length;
    expect(lastNames()).toBe(0);

    const changed = await call('PUT', `/api/connections/${connection.body.id}`, {
      settings: { hashLastName: true, forwardedAttributes: ['tier', '$lastname'] },
    });
    expect(changed.body).toMatchObject({ status: 'active', queued: 3 });
    await eventually(() => lastNames() === 3);
    expect(stack.sandbox.state().accounts['800009']!.events.count).toBe(6);

    const same = await call('PUT', `/api/connections/${connection.body.id}`, {
      settings: { hashLastName: true, forwardedAttributes: ['tier', '$lastname'] },
    });
    expect(same.body).toMatchObject({ queued: 0 });
    const off = await call('PUT', `/api/connections/${connection.body.id}`, {
      status: 'inactive',
      settings: { forwardedAttributes: [] },
    });
    expect(off.body).toMatchObject({ status: 'inactive', queued: 0 });
  });

  it('imports members from CSV and NDJSON, reporting rejected lines', async () => {
    const audienceId = (await call('POST', '/api/audiences', { name: 'Imported' })).body.id;
    const csv =
      'mpid,email,mobile,action,$firstname,tier\n1,a@example.com,,add,Ann,gold\n,nobody@example.com,,,,\n2,b@example.com,5551234567,,Bob,\n3,c@example.com,,explode,,\n';
    const fromCsv = await call('POST', `/api/audiences/${audienceId}/import`, csv, {
      'content-type': 'text/csv',
    });
    expect(fromCsv.status).toBe(200);
    expect(fromCsv.body.accepted).toBe(2);
    const badMpid = await call('POST', `/api/audiences/${audienceId}/members`, {
      members: [{ mpid: 'abc' }],
    });
    expect(badMpid.status).toBe(400);
    expect(badMpid.body.error.details.issues).toEqual([
      { path: 'members[0]', message: expect.stringMatching(/mpid/) },
    ]);
    expect(fromCsv.body.rejected).toEqual([
      { line: 3, message: 'mpid is required' },
      { line: 5, message: expect.stringMatching(/action/) },
    ]);
    const ndjson =
      '{"mpid":"4","email":"d@example.com","attributes":{"tier":"silver"}}\n\nnot json\n{"mpid":"1","action":"remove"}\n';
    const fromNdjson = await call('POST', `/api/audiences/${audienceId}/import`, ndjson, {
      'content-type': 'application/x-ndjson',
    });
    expect(fromNdjson.body).toMatchObject({
      accepted: 2,
      rejected: [{ line: 3, message: 'not valid JSON' }],
    });
    const members = await call('GET', `/api/audiences/${audienceId}/members`);
    expect(members.body.members.map((m: { mpid: string }) => m.mpid)).toEqual(['2', '4']);
    expect(members.body.members[0]).toMatchObject({
      email: 'b@example.com',
      attributes: { $firstname: 'Bob' },
    });
  });

  it('streams delivery events and stats', async () => {
    const controller = new AbortController();
    const response = await fetch(`${stack.server.url}/api/stream`, {
      headers: { authorization: `Bearer ${secrets.adminToken}` },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    let text = '';
    const audienceId = (await call('POST', '/api/audiences', { name: 'Streamed' })).body.id;
    const outputId = (await call('GET', '/api/outputs')).body[0].id;
    await call('POST', '/api/connections', { audienceId, outputId });
    await call('POST', `/api/audiences/${audienceId}/members`, { action: 'add', members: [{ mpid: '77' }] });
    while (!text.includes('event: delivery')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain('event: stats');
    expect(text).toMatch(/event: delivery\ndata: \{.*"reasons":\{"inactive_connection":1\}/);
  });

  it('serves the sandbox state, the web UI, and 404s in the error format', async () => {
    const state = await call('GET', '/api/sandbox/state');
    expect(state.status).toBe(200);
    expect(state.body.accounts).toBeDefined();
    const page = await fetch(`${stack.server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const missing = await call('GET', '/api/audiences/999999');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    expect((await call('GET', '/api/nothing-here')).status).toBe(404);
    expect((await fetch(`${stack.server.url}/..%2F..%2Fpackage.json`)).status).toBe(404);
  });

  it('never shows a secret in an answer or a log line', () => {
    const everything = answers.map((answer) => answer.text).join('\n') + stack.logs.join('');
    expect(answers.length).toBeGreaterThan(20);
    for (const secret of [secrets.apiKey, secrets.adminToken, secrets.firehoseToken, 'wrong-key-S3CRET-9']) {
      expect(everything).not.toContain(secret);
    }
  });
});
