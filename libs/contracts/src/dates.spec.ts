import { provinceDate } from './dates';

describe('provinceDate', () => {
  afterEach(() => jest.useRealTimers());

  it('is the calendar date in Quảng Ninh (UTC+7), for a given instant', () => {
    expect(provinceDate(new Date('2026-08-31T16:59:59.999Z'))).toBe('2026-08-31');
    expect(provinceDate(new Date('2026-08-31T17:00:00.000Z'))).toBe('2026-09-01');
  });

  it("today's date turns at local midnight, even when asked within the same minute before", () => {
    jest.useFakeTimers({ now: new Date('2026-08-31T16:59:30.000Z') });
    expect(provinceDate()).toBe('2026-08-31');
    jest.setSystemTime(new Date('2026-08-31T16:59:59.999Z'));
    expect(provinceDate()).toBe('2026-08-31');
    jest.setSystemTime(new Date('2026-08-31T17:00:00.000Z'));
    expect(provinceDate()).toBe('2026-09-01');
    // Clocks can step back (NTP): the answer follows the clock, not the last answer.
    jest.setSystemTime(new Date('2026-08-31T12:00:00.000Z'));
    expect(provinceDate()).toBe('2026-08-31');
  });
});
