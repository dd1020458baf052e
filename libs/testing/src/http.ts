/** A JSON (or text/csv) call to a service under test: status, content type and parsed body. */
export async function callApi(
  baseUrl: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
  // The body is whatever the service answered; tests read it field by field.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; type: string; headers: Record<string, string>; body: any }> {
  const isText = typeof body === 'string';
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      'content-type': isText ? 'text/csv' : 'application/json',
      authorization: `Bearer ${token}`,
      ...headers,
    },
    body: body === undefined ? undefined : isText ? (body as string) : JSON.stringify(body),
  });
  const text = await res.text();
  const received: Record<string, string> = {};
  res.headers.forEach((value, name) => (received[name] = value));
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    headers: received,
    body: text ? JSON.parse(text) : undefined,
  };
}

/**
 * Creates an org unit through the registry API (named `Đơn vị <code>`, valid from 1 July 2025
 * unless `extra` says otherwise) and returns its id; anything but 201 fails with the answer.
 */
export async function createOrgUnit(
  registryUrl: string,
  token: string,
  code: string,
  kind: string,
  parentId: string | null,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const r = await callApi(registryUrl, 'POST', '/org-units', token, {
    code,
    kind,
    name: `Đơn vị ${code}`,
    parentId,
    validFrom: '2025-07-01',
    ...extra,
  });
  if (r.status !== 201) throw new Error(`creating ${code}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id as string;
}
