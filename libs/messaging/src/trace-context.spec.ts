import { eventTraceHeaders } from './trace-context';

describe('eventTraceHeaders', () => {
  it('gives an event a traceparent even outside any span and without an SDK', () => {
    const a = eventTraceHeaders();
    const b = eventTraceHeaders();
    expect(a.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(b.traceparent).not.toBe(a.traceparent);
  });
});
