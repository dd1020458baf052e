import { randomBytes } from 'node:crypto';
import { context, propagation, Context, trace, TraceFlags } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { IHeaders } from 'kafkajs';

const w3c = new W3CTraceContextPropagator();
const tracer = trace.getTracer('@qn/messaging');

/** W3C trace context of the current span as plain headers (traceparent, tracestate). */
export function currentTraceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/**
 * The trace headers an event is written with: the current span's, and never none. Work that
 * runs outside any span (a command-line tool, a timer that is not a PeriodicJob) gets a root
 * span of its own; with no OpenTelemetry SDK running (OTEL_SDK_DISABLED, a test in-process),
 * fresh random ids, unsampled. Readers can then always follow an event to what its consumers
 * did with it.
 */
export function eventTraceHeaders(): Record<string, string> {
  const carrier = currentTraceHeaders();
  if (carrier.traceparent) return carrier;
  const span = tracer.startSpan('outbox enqueue', { root: true });
  span.end();
  const ids = span.spanContext();
  const spanContext = trace.isSpanContextValid(ids)
    ? ids
    : {
        traceId: randomBytes(16).toString('hex'),
        spanId: randomBytes(8).toString('hex'),
        traceFlags: TraceFlags.NONE,
      };
  const own: Record<string, string> = {};
  // The W3C propagator itself, not the global one: without an SDK the global one writes nothing.
  w3c.inject(trace.setSpanContext(context.active(), spanContext), own, {
    set: (c, k, v) => (c[k] = v),
  });
  return { ...carrier, ...own };
}

/** The trace context a Kafka message carries in its headers. */
export function contextFromKafkaHeaders(headers: IHeaders | undefined): Context {
  const carrier: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    carrier[k] = Array.isArray(v) ? String(v[0]) : v.toString();
  }
  return propagation.extract(context.active(), carrier);
}
