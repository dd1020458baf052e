/**
 * The load: autocannon POSTs applications, every request a new one (its own idempotency key,
 * child and wishes); the same generator drives the bare endpoint.
 */
import autocannon from 'autocannon';
import { amountOrDuration, autocannonRun, statusCodesOf } from '../../kit/autocannon';
import type { LoadFigures } from './options';
import type { Province } from './registry-events';

const FAMILY_NAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Đức', 'Thu', 'Gia', 'Bảo'];
const GIVEN = [
  'An',
  'Bình',
  'Cường',
  'Dung',
  'Giang',
  'Hà',
  'Khánh',
  'Linh',
  'Minh',
  'Nam',
  'Phúc',
  'Quân',
  'Tâm',
  'Vy',
];

/**
 * The n-th personal id of a run: province 022 (Quảng Ninh), sex/century digit 2 or 3 (born
 * 2000-2099), year 20, and six digits — (digit, six digits) is a bijection of n < 2,000,000.
 */
export function personalIdOf(n: number): string {
  if (n >= 2_000_000) throw new Error('personal ids exhausted');
  return `022${2 + (n & 1)}20${String(n >>> 1).padStart(6, '0')}`;
}

export interface LoadState {
  /** Next request number (personal id, idempotency key). */
  seq: number;
  ids2xx: Set<string>;
  pending: Set<string>;
  non2xxSamples: string[];
}

export interface RequestShape {
  url: string;
  roundId: string;
  tokens: string[];
  province: Province;
  runTag: string;
}

/** One autocannon run; every request is a new application (its own key, child, wishes). */
export async function load(
  shape: RequestShape,
  state: LoadState,
  o: { connections: number; durationSec?: number; amount?: number; title: string },
  rand: () => number,
): Promise<LoadFigures> {
  const { province } = shape;
  const path = `/rounds/${shape.roundId}/applications`;
  const pendingAtStart = state.pending.size;
  const setupRequest = (
    req: autocannon.Request,
    context: Record<string, unknown>,
  ): autocannon.Request => {
    const n = state.seq++;
    const pid = personalIdOf(n);
    const body = applicationBody(pid, province, rand);
    context.pid = pid;
    state.pending.add(pid);
    return {
      ...req,
      method: 'POST',
      path,
      headers: {
        'content-type': 'application/json',
        authorization: shape.tokens[n % shape.tokens.length],
        'idempotency-key': `${shape.runTag}-${n}`,
      },
      body: JSON.stringify(body),
    };
  };
  const onResponse = (status: number, body: string, context: Record<string, unknown>) => {
    state.pending.delete(context.pid as string);
    if (status >= 200 && status < 300) {
      const m = /"applicationId":"([0-9a-f-]{36})"/.exec(body);
      if (m) state.ids2xx.add(m[1]);
    } else if (state.non2xxSamples.length < 5) {
      state.non2xxSamples.push(`${status} ${body.slice(0, 300)}`);
    }
  };
  const r = await autocannonRun({
    title: o.title,
    url: shape.url,
    connections: o.connections,
    pipelining: 1,
    timeout: 10,
    ...amountOrDuration(o.amount, o.durationSec),
    requests: [
      {
        setupRequest: setupRequest as autocannon.Request['setupRequest'],
        onResponse: onResponse as autocannon.Request['onResponse'],
      },
    ],
  });
  return figures(r, state.pending.size - pendingAtStart);
}

function figures(r: autocannon.Result, inFlightAtEnd: number): LoadFigures {
  const statusCodes = statusCodesOf(r);
  const ok = r['2xx'];
  return {
    ok,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
    durationSec: r.duration,
    rps: Math.round(ok / r.duration),
    p50: r.latency.p50,
    p90: r.latency.p90,
    p97_5: r.latency.p97_5,
    p99: r.latency.p99,
    max: r.latency.max,
    mean: Math.round(r.latency.average * 100) / 100,
    inFlightAtEnd,
  };
}

/** Bare-endpoint load: the same request generator (the bare app ignores it). */
export function bareLoad(
  shape: RequestShape,
  o: { connections: number; durationSec?: number; amount?: number; title: string },
  rand: () => number,
): Promise<LoadFigures> {
  const state: LoadState = {
    seq: 1_000_000,
    ids2xx: new Set(),
    pending: new Set(),
    non2xxSamples: [],
  };
  return load(shape, state, o, rand);
}

/** A new application of a child born in 2020: 1–2 random wishes, residence in a ward. */
function applicationBody(pid: string, province: Province, rand: () => number) {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const w1 = pick(province.schools).id;
  const wishes = [w1];
  if (rand() < 0.5) {
    let w2 = w1;
    while (w2 === w1) w2 = pick(province.schools).id;
    wishes.push(w2);
  }
  const month = 1 + Math.floor(rand() * 12);
  const day = 1 + Math.floor(rand() * 28);
  return {
    applicant: {
      personalId: pid,
      fullName: `${pick(FAMILY_NAMES)} ${pick(MIDDLE)} ${pick(GIVEN)}`,
      dateOfBirth: `2020-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      residenceOrgUnitId: pick(province.wards),
    },
    wishes,
    priorityCategories: rand() < 0.1 ? ['HO-NGHEO'] : [],
  };
}
