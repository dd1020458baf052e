/**
 * A CPU profile of another Node process through its inspector (Chrome DevTools Protocol over
 * WebSocket), and a summary of it: where the samples fall (packages, the platform's libraries
 * and services, Node, V8), marker functions counted inclusively, the busiest functions.
 */

/** A CPU profile of another Node process through its inspector (Chrome DevTools Protocol over WebSocket). */
export class InspectorProfiler {
  private ws?: WebSocket;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    { resolve: (v: any) => void; reject: (e: Error) => void }
  >();

  constructor(private readonly inspectPort: number) {}

  async connect(): Promise<void> {
    const targets = (await (
      await fetch(`http://127.0.0.1:${this.inspectPort}/json/list`)
    ).json()) as Array<{ webSocketDebuggerUrl: string }>;
    const ws = new WebSocket(targets[0].webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('open', () => resolve(), { once: true });
      ws.addEventListener('error', () => reject(new Error('inspector connection failed')), {
        once: true,
      });
    });
    ws.addEventListener('message', (ev: MessageEvent) => {
      const msg = JSON.parse(String(ev.data)) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      const w = msg.id !== undefined ? this.waiting.get(msg.id) : undefined;
      if (!w) return;
      this.waiting.delete(msg.id!);
      if (msg.error) w.reject(new Error(msg.error.message));
      else w.resolve(msg.result);
    });
    this.ws = ws;
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.ws!.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.ws?.close();
  }
}

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  /** Wall time profiled, ms. */
  wallMs: number;
  /** Share of the samples (percent) by where the code lives (self time). */
  byArea: Array<[string, number]>;
  /** Share of samples (percent) with a marker function on the stack (inclusive time). */
  inclusive: Array<[string, number]>;
  /** Busiest functions, self time percent. */
  topSelf: Array<[string, number]>;
}

/** Where a frame's code lives: a package, one of the platform's libraries or services, Node, V8. */
function areaOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native / V8)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1].startsWith('@opentelemetry/') ? '@opentelemetry/*' : nm[1];
  const lib = /\/libs\/([^/]+)\//.exec(url);
  if (lib) return `@qn/${lib[1]}`;
  const svc = /\/services\/([^/]+)\//.exec(url);
  if (svc) return `service ${svc[1]}`;
  if (url.startsWith('node:')) return 'node: ' + url.slice(5).split('/')[0];
  return url;
}

/** Frames counted inclusively (anywhere on the stack), by name: the steps a bench cares about. */
export type ProfileMarkers = Array<[string, (f: CpuProfileNode['callFrame']) => boolean]>;

export function summariseProfile(p: CpuProfile, markers: ProfileMarkers): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const counts = new Map<number, number>();
  for (const s of p.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
  const idle = new Set(
    p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id),
  );
  const total = p.samples.length;
  const busy = p.samples.filter((s) => !idle.has(s)).length;
  const pct = (n: number) => Math.round((n / Math.max(1, total)) * 1000) / 10;
  const area = new Map<string, number>();
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  for (const [id, n] of counts) {
    const node = byId.get(id)!;
    const f = node.callFrame;
    const a = areaOf(f.url, f.functionName);
    area.set(a, (area.get(a) ?? 0) + n);
    const key =
      `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.replace(/^.*\/(node_modules|libs|services)\//, '$1/')}:${f.lineNumber + 1}` : ''}`.trim();
    self.set(key, (self.get(key) ?? 0) + n);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur)!.callFrame;
      for (const [name, test] of markers) if (!seen.has(name) && test(cf)) seen.add(name);
    }
    for (const name of seen) incl.set(name, (incl.get(name) ?? 0) + n);
  }
  const sorted = (m: Map<string, number>, k: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, n]) => [name, pct(n)] as [string, number]);
  return {
    wallMs: Math.round((p.endTime - p.startTime) / 1000),
    byArea: [['(busy: all but idle)', pct(busy)], ...sorted(area, 18)],
    inclusive: sorted(incl, markers.length),
    topSelf: sorted(self, 20),
  };
}
