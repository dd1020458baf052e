import { changeFor, Fingerprint, fingerprintOf, LearnerState, parseTerm } from './sector-changes';

describe('sector changes', () => {
  const learner = (over: Partial<LearnerState> = {}): LearnerState => ({
    yearStatus: 'enrolled',
    grade: 6,
    className: '6A',
    enrolledOn: '2026-09-05',
    endedOn: null,
    fullName: 'Nguyễn Văn An',
    dateOfBirth: '2014-02-01',
    gender: 'male',
    ...over,
  });
  const fp = (over: Partial<LearnerState> = {}): Fingerprint => fingerprintOf(learner(over));

  it('parses terms', () => {
    expect(parseTerm('2026-2027-HK1')).toEqual({
      code: '2026-2027-HK1',
      schoolYear: '2026-2027',
      termCode: 'HK1',
    });
    expect(parseTerm('2026-2028-HK1')).toHaveProperty('error');
    expect(parseTerm('2026-2027')).toHaveProperty('error');
    expect(parseTerm('2026-2027-hk1')).toHaveProperty('error');
  });

  it('keeps no name or date in the fingerprint, only a hash', () => {
    const f = JSON.stringify(fp());
    expect(f).not.toContain('An');
    expect(f).not.toContain('2014-02-01');
  });

  it('sends enrolled for a learner never accepted, nothing when unchanged', () => {
    expect(changeFor(fp(), null)).toBe('enrolled');
    expect(changeFor(fp(), fp())).toBeNull();
  });

  it('sends placed when only the class changed, enrolled when more did', () => {
    expect(changeFor(fp({ className: '6B' }), fp())).toBe('placed');
    expect(changeFor(fp({ className: '6B', grade: 7 }), fp())).toBe('enrolled');
    expect(changeFor(fp({ fullName: 'Nguyễn Văn Ân' }), fp())).toBe('enrolled');
  });

  it('sends left for a learner accepted at the school who is gone; nothing for one never accepted', () => {
    const gone = fp({ yearStatus: 'left', endedOn: '2026-11-01' });
    expect(gone.e).toBe('2026-11-01');
    expect(changeFor(gone, fp())).toBe('left');
    expect(changeFor(fp({ yearStatus: 'transferred-out', endedOn: '2026-11-01' }), fp())).toBe(
      'left',
    );
    expect(changeFor(gone, null)).toBeNull();
    expect(changeFor(gone, gone)).toBeNull();
    expect(changeFor(fp(), gone)).toBe('enrolled');
  });

  it('counts a closed year (promoted, repeating, completed) as still at the school that year', () => {
    expect(changeFor(fp({ yearStatus: 'promoted' }), fp())).toBeNull();
  });
});
