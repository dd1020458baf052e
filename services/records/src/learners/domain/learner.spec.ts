import { learnerFromIdentity } from './learner';

describe('a learner from enrollment’s identity event', () => {
  const event = {
    studentId: '0192f0a0-7c1e-7a00-8000-000000000801',
    fullName: 'Nguyễn Thị Ánh Tuyết',
    dateOfBirth: '2012-09-14',
    gender: 'female' as const,
    ethnicity: 'Thái',
    personalIdLast4: '4321',
    recordedAt: '2026-09-05T08:30:00+07:00',
  };

  it('keeps the identity as published', () => {
    expect(learnerFromIdentity(event)).toEqual(event);
  });

  it('stores names in NFC whatever form they were sent in', () => {
    const l = learnerFromIdentity({
      ...event,
      fullName: event.fullName.normalize('NFD'),
      ethnicity: event.ethnicity.normalize('NFD'),
    });
    expect(l.fullName).toBe('Nguyễn Thị Ánh Tuyết'.normalize('NFC'));
    expect(l.fullName).not.toBe(event.fullName.normalize('NFD'));
    expect(l.ethnicity).toBe('Thái'.normalize('NFC'));
    expect(learnerFromIdentity({ ...event, ethnicity: null }).ethnicity).toBeNull();
  });
});
