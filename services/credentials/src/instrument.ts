// Loaded first by main.ts so OpenTelemetry patches http, express and pg before they load.
import { startTelemetry } from '@qn/observability';
startTelemetry('credentials');
