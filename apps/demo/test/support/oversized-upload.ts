import { request as httpRequest } from 'node:http';

/**
 * Posts a body that the server must refuse from its `Content-Length` alone (413): the whole size
 * is announced but only the first 64 KiB are sent. Sending it all would race the answer against
 * the connection reset of a server that closes on unread data, which can discard the answer
 * itself (a flaky test under load, not a server fault).
 */
export function postAnnouncingLength(
  url: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = httpRequest(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } },
      (response) => {
        answered = true;
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => {
          outgoing.destroy();
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text });
        });
      },
    );
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    outgoing.write(body.subarray(0, 64 * 1024));
  });
}
