import { newEvent } from './envelope';
import { EventTypes, platformCatalog } from './platform-catalog';

describe('dead-letter copies', () => {
  const applicant = {
    personalId: '022220017731',
    fullName: 'Nguyễn Thị Bích Ngọc',
    dateOfBirth: '2020-01-17',
    residenceOrgUnitId: '01a23865-786f-752c-ab5c-4f1071ad8965',
  };
  const submitted = newEvent({
    ...EventTypes.applicationSubmitted,
    source: 'portal',
    subjectId: 'sub-1',
    orgUnitId: null,
    data: { externalId: 'x', roundId: 'r', applicant, wishes: [], priorityCategories: [] },
  });

  it('keeps the envelope of an event carrying personal data, without its data', () => {
    const copy = platformCatalog.deadLetterCopy(Buffer.from(JSON.stringify(submitted)));
    expect(copy.redacted).toBe('data');
    const text = copy.value!.toString();
    expect(JSON.parse(text)).toEqual({ ...submitted, data: undefined });
    for (const v of Object.values(applicant).slice(0, 3)) expect(text).not.toContain(v);
  });

  it('keeps an event without personal data whole, and nothing of what it cannot read', () => {
    const round = newEvent({
      ...EventTypes.roundClosed,
      source: 'enrollment',
      subjectId: 'r',
      orgUnitId: null,
      data: { any: 'thing' },
    });
    const whole = Buffer.from(JSON.stringify(round));
    expect(platformCatalog.deadLetterCopy(whole)).toEqual({ value: whole, redacted: 'none' });
    expect(platformCatalog.deadLetterCopy(Buffer.from(`{"personalId":"022220017731"`))).toEqual({
      value: null,
      redacted: 'all',
    });
    expect(
      platformCatalog.deadLetterCopy(Buffer.from(JSON.stringify({ ...submitted, type: 'x.y' }))),
    ).toEqual({ value: null, redacted: 'all' });
    expect(platformCatalog.deadLetterCopy(null)).toEqual({ value: null, redacted: 'none' });
  });
});
