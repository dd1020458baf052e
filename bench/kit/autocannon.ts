/** autocannon as a promise, and what the HTTP benches report of its result. */
import autocannon from 'autocannon';

export function autocannonRun(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, r) => (err ? reject(err) : resolve(r)));
  });
}

/** Responses per status code. */
export function statusCodesOf(r: autocannon.Result): Record<string, number> {
  const statusCodes: Record<string, number> = {};
  for (const [code, v] of Object.entries(r.statusCodeStats ?? {}))
    statusCodes[code] = Number((v as { count?: number }).count ?? 0);
  return statusCodes;
}

/** A fixed number of requests (the CI smoke) or a duration. */
export const amountOrDuration = (amount: number | undefined, durationSec: number | undefined) =>
  amount ? { amount } : { duration: durationSec };
