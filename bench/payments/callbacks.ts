/**
 * Gateway callbacks: one order per distinct callback (inserted straight into `gateway_order`,
 * set-up, not measured), signed VNPay-style IPNs, and the autocannon load that sends them with
 * every 1/share-th request repeating the previous one while it is in flight.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { amountOrDuration, autocannonRun } from '../kit/autocannon';
import { vnpayIpn, vnpayQuery } from '../../services/payments/demo/simulator/gateway-simulator';
import type { LoadFigures } from './options';

export interface Callback {
  query: string;
  amount: bigint;
  orderId: string;
}

export const ipnPath = (c: Callback) => `/gateways/vnpay/ipn?${c.query}`;

/** `distinct` orders for the billed invoices, with their signed callbacks. */
export async function prepareCallbacks(
  c: Client,
  invoices: Array<{ id: string }>,
  distinct: number,
  keys: { tmnCode: string; hashSecret: string },
): Promise<Callback[]> {
  const callbacks: Callback[] = [];
  for (let i = 0; i < distinct; i++) {
    const amount = BigInt(1000 + (i % 9) * 100);
    const orderId = randomUUID();
    callbacks.push({
      orderId,
      amount,
      query: vnpayQuery(vnpayIpn({ orderId, amount, transactionNo: String(10_000_000 + i) }, keys)),
    });
  }
  for (let i = 0; i < callbacks.length; i += 5000) {
    const chunk = callbacks.slice(i, i + 5000);
    await c.query(
      `INSERT INTO payments.gateway_order (id, provider, invoice_id, student_id, amount, created_by)
         SELECT o.id, 'vnpay', i.id, i.student_id, o.amount, 'bench' FROM unnest($1::uuid[], $2::uuid[], $3::numeric[]) AS o(id, invoice_id, amount)
         JOIN payments.invoice i ON i.id = o.invoice_id`,
      [
        chunk.map((x) => x.orderId),
        chunk.map((_, k) => invoices[(i + k) % invoices.length]!.id),
        chunk.map((x) => x.amount.toString()),
      ],
    );
  }
  return callbacks;
}

/** Requests in the order sent: every 1/share-th repeats the previous one (the duplicate in flight). */
export function sequence(callbacks: Callback[], share: number): { paths: string[] } {
  const every = Math.max(2, Math.round(1 / share));
  const paths: string[] = [];
  for (const c of callbacks) {
    paths.push(ipnPath(c));
    if ((paths.length + 1) % every === 0) paths.push(ipnPath(c));
  }
  return { paths };
}

/** One autocannon run over `paths` in order; the answers counted by VNPay response code. */
export async function load(
  url: string,
  paths: string[],
  o: { connections: number; durationSec?: number; amount?: number; title: string },
): Promise<{ figures: LoadFigures; sent: number }> {
  let next = 0;
  const answers: Record<string, number> = {};
  const r = await autocannonRun({
    title: o.title,
    url,
    connections: o.connections,
    pipelining: 1,
    timeout: 10,
    ...amountOrDuration(o.amount, o.durationSec ?? 10),
    requests: [
      {
        setupRequest: (req: autocannon.Request) => {
          // Past the end the last path repeats: a duplicate, answered 02, never a credit.
          const path = paths[Math.min(next, paths.length - 1)]!;
          next++;
          return { ...req, method: 'GET', path };
        },
        onResponse: (_status: number, body: string) => {
          const code = /"RspCode":"(\d\d)"/.exec(body)?.[1] ?? 'other';
          answers[code] = (answers[code] ?? 0) + 1;
        },
      } as unknown as autocannon.Request,
    ],
  });
  return {
    sent: next,
    figures: {
      requests: r.requests.total,
      ok2xx: r['2xx'],
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      durationSec: r.duration,
      rps: Math.round(r['2xx'] / r.duration),
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      max: r.latency.max,
      answers,
    },
  };
}
