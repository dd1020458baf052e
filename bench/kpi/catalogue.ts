/** The catalogue the bench runs the service with: the shipped one plus a live-applications indicator. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@qn/testing';

export const CHANNELS = ['online', 'portal', 'paper'] as const;
export const INDICATOR = 'ENR-LIVE-ONLINE';

/** The shipped catalogue plus a live-applications indicator over enrollment.application.recorded. */
export function benchCatalogue(): string {
  const base = readFileSync(
    join(REPO_ROOT, 'services', 'kpi-aggregator', 'catalogue', 'indicators.yaml'),
    'utf8',
  );
  const source = (where: string) => `
      - event: enrollment.application.recorded
        version: 1
        how: count
        org_unit: firstWishSchoolId
        period: { code: schoolYear, type: school-year }
        segment: org-unit${where}`;
  const elements = `
  applications.live.digital:
    name_vi: Hồ sơ đang hiệu lực nộp trực tuyến hoặc qua cổng
    name_en: Live applications submitted online or through a portal
    value_type: count
    sources:${source('\n        where: { channel: [online, portal] }')}
  applications.live.total:
    name_vi: Hồ sơ đang hiệu lực
    name_en: Live applications, all channels
    value_type: count
    sources:${source('')}
`;
  const indicator = `
  - code: ${INDICATOR}
    name_vi: Tỷ lệ hồ sơ đang hiệu lực nộp trực tuyến
    name_en: Share of live applications submitted online
    unit: percent
    numerator: '#{applications.live.digital}'
    denominator: '#{applications.live.total}'
    aggregation: ratio-of-sums
    period_type: school-year
    segments: [urban, rural, ethnic-minority-mountain, island]
    source_events: [enrollment.application.recorded]
    targets:
      - { from: '2025-2026', value: 100 }
    source_doc:
      - file: 003_fd7a49e97dadd4a8.txt
        ref: 2.1 b) target (7)
        text: bench indicator
`;
  return `${base.replace('\ndata_elements:\n', `\ndata_elements:\n${elements}`).trimEnd()}\n${indicator}`;
}
