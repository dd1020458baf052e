import { context, propagation, Context } from '@opentelemetry/api';
import { IHeaders } from 'kafkajs';

/** W3C trace context of the current span as plain headers (traceparent, tracestate). */
export function currentTraceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
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
