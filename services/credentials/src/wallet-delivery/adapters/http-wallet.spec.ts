import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpWallet } from './http-wallet';
import { WalletUnavailable } from '../wallet';

/** The HTTP adapter against a local server playing the wallet: the documented shape and answers. */
describe('the wallet’s HTTP adapter', () => {
  let server: Server;
  let url: string;
  let answer = 201;
  let delayMs = 0;
  const seen: Array<{ auth?: string; key?: string; body: Record<string, unknown> }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({
          auth: req.headers.authorization,
          key: req.headers['idempotency-key'] as string,
          body: JSON.parse(body) as Record<string, unknown>,
        });
        setTimeout(() => res.writeHead(answer).end(), delayMs);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const request = {
    holderRef: '0193a000-0000-7000-8000-000000000001',
    credentialId: '0193a000-0000-7000-8000-000000000002',
    credential: { id: 'urn:uuid:0193a000-0000-7000-8000-000000000002' },
  };

  it('posts the documented body with the bearer key and the credential id as idempotency key', async () => {
    answer = 201;
    await expect(new HttpWallet(url, 'k', 1000).deliver(request)).resolves.toEqual({
      outcome: 'delivered',
    });
    expect(seen.at(-1)).toEqual({ auth: 'Bearer k', key: request.credentialId, body: request });
  });

  it.each([
    [200, { outcome: 'delivered' }],
    [409, { outcome: 'delivered' }],
    [404, { outcome: 'refused', code: 'no-wallet-account' }],
    [422, { outcome: 'refused', code: 'wallet-refused-422' }],
  ])('reads %i as %j', async (status, expected) => {
    answer = status;
    await expect(new HttpWallet(url, 'k', 1000).deliver(request)).resolves.toEqual(expected);
  });

  it.each([500, 503, 429])('tries again later after %i', async (status) => {
    answer = status;
    await expect(new HttpWallet(url, 'k', 1000).deliver(request)).rejects.toBeInstanceOf(
      WalletUnavailable,
    );
  });

  it('tries again later when the wallet does not answer in time, or cannot be reached', async () => {
    answer = 201;
    delayMs = 300;
    await expect(new HttpWallet(url, 'k', 50).deliver(request)).rejects.toMatchObject({
      code: 'timeout',
    });
    delayMs = 0;
    await expect(
      new HttpWallet('http://127.0.0.1:1', 'k', 500).deliver(request),
    ).rejects.toMatchObject({
      code: 'network',
    });
  });
});
