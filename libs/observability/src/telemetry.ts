import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import {
  AlwaysOffSampler,
  BatchSpanProcessor,
  NoopSpanProcessor,
  ParentBasedSampler,
} from '@opentelemetry/sdk-trace-base';

let sdk: NodeSDK | undefined;

/**
 * Starts OpenTelemetry before anything else is loaded (main.ts imports this first). Spans are
 * exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set; without it the SDK still
 * runs, so trace ids appear in logs and the W3C context travels in HTTP and Kafka headers.
 */
export function startTelemetry(
  serviceName: string,
  version = process.env.npm_package_version ?? '0.1.0',
): void {
  if (sdk || process.env.OTEL_SDK_DISABLED === 'true') return;
  // Metrics are served by prom-client at /metrics and logs by pino: the SDK exports traces only.
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const exporting = !!process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  sdk = new NodeSDK({
    // With no collector, spans of our own making would be recorded only to be dropped: they
    // are created non-recording (ids still in logs and headers) unless the caller's traceparent
    // asks for sampling. OTEL_TRACES_SAMPLER, when set, decides instead.
    ...(!exporting && !process.env.OTEL_TRACES_SAMPLER
      ? { sampler: new ParentBasedSampler({ root: new AlwaysOffSampler() }) }
      : {}),
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: serviceName,
      [ATTR_SERVICE_VERSION]: version,
    }),
    // Without a collector, spans are still created (ids in logs, context in Kafka headers) and dropped.
    spanProcessors: [
      exporting ? new BatchSpanProcessor(new OTLPTraceExporter()) : new NoopSpanProcessor(),
    ],
    // HTTP always: it reads the caller's traceparent and starts the request's context, which
    // logs and Kafka headers carry on. Express, pg and ioredis only add child spans, which
    // nobody receives without a collector; their wrappers cost ~10 % of a cached answer's CPU.
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => /^\/(health|metrics)/.test(req.url ?? ''),
      }),
      ...(exporting
        ? [
            new ExpressInstrumentation(),
            new PgInstrumentation({ enhancedDatabaseReporting: false }),
            new IORedisInstrumentation(),
          ]
        : []),
    ],
  });
  sdk.start();
}

export async function stopTelemetry(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
  sdk = undefined;
}
