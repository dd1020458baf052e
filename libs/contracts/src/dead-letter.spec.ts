import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEAD_LETTER_HEADERS,
  DEAD_LETTER_REASON_KINDS,
  DEAD_LETTER_REDACTIONS,
  REPLAYED_FROM_HEADER,
} from './dead-letter';
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

describe('the dead-letter format the AsyncAPI document describes', () => {
  // libs/messaging writes dead letters and depends on this library, so it cannot be imported
  // here: its sources are read instead, to notice when the two drift apart.
  const messaging = join(__dirname, '..', '..', 'messaging', 'src');
  const sources = (readdirSync(messaging, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
    .map((f) => readFileSync(join(messaging, f), 'utf8'))
    .join('\n');
  const found = (re: RegExp) => new Set([...sources.matchAll(re)].map((m) => m[1]));

  it('names the headers libs/messaging writes on a dead letter', () => {
    expect(
      [...found(/'(x-(?:dlq-[a-z-]+|original-[a-z-]+|consumer-group|failed-at))'/g)].sort(),
    ).toEqual(Object.keys(DEAD_LETTER_HEADERS).sort());
    expect(found(/'(x-replayed-[a-z]+)'/g)).toEqual(new Set([REPLAYED_FROM_HEADER]));
  });

  it('names its reason kinds and redactions', () => {
    expect([...found(/DeadLetterReason\(\s*'([a-z-]+)'/g)].sort()).toEqual(
      Object.keys(DEAD_LETTER_REASON_KINDS).sort(),
    );
    const copies = [
      platformCatalog.deadLetterCopy(
        Buffer.from(
          JSON.stringify(
            newEvent({ ...EventTypes.examScoresPublished, source: 's', subjectId: 'b', data: {} }),
          ),
        ),
      ).redacted,
      platformCatalog.deadLetterCopy(Buffer.from('{')).redacted,
      platformCatalog.deadLetterCopy(null).redacted,
    ];
    expect(copies.sort()).toEqual(Object.keys(DEAD_LETTER_REDACTIONS).sort());
  });
});
