import { NodeSDK } from '@opentelemetry/sdk-node';
import { TelemetryShutdown } from './ops.module';
import { startTelemetry, stopTelemetry } from './telemetry';

describe('telemetry shutdown', () => {
  afterEach(() => stopTelemetry());

  it('stops the SDK when the application stops, once, and may start again', async () => {
    const shutdown = jest.spyOn(NodeSDK.prototype, 'shutdown');
    startTelemetry('telemetry-spec');
    await new TelemetryShutdown().onApplicationShutdown();
    expect(shutdown).toHaveBeenCalledTimes(1);
    await new TelemetryShutdown().onApplicationShutdown(); // nothing left to stop
    expect(shutdown).toHaveBeenCalledTimes(1);
    startTelemetry('telemetry-spec');
    await stopTelemetry();
    expect(shutdown).toHaveBeenCalledTimes(2);
    shutdown.mockRestore();
  });
});
