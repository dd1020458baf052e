import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CATALOGUE_PATH } from '../src/indicators/domain';

/**
 * The shipped catalogue plus entries added the way a new indicator is added: data elements
 * over an event type the platform already has (`enrollment.application.recorded`) and an
 * indicator reading them. No code changes: only YAML.
 */
export const LIVE_APPLICATIONS_ELEMENTS = `
  admission.grade1.portal:
    name_vi: Hồ sơ tuyển sinh lớp 1 nhận qua cổng tuyển sinh bên ngoài
    name_en: Grade 1 applications received from outside admission portals
    value_type: count
    sources:
      - event: enrollment.round.closed
        version: 1
        how: sum
        field: bySchool[].portal
        org_unit: bySchool[].schoolId
        period: { code: schoolYear, type: school-year }
        segment: org-unit
        where: { grade: 1 }
  applications.live.digital:
    name_vi: Hồ sơ đang hiệu lực nộp trực tuyến hoặc qua cổng
    name_en: Live applications submitted online or through a portal
    value_type: count
    sources:
      - event: enrollment.application.recorded
        version: 1
        how: count
        org_unit: firstWishSchoolId
        period: { code: schoolYear, type: school-year }
        segment: org-unit
        where: { channel: [online, portal] }
  applications.live.total:
    name_vi: Hồ sơ đang hiệu lực
    name_en: Live applications, all channels
    value_type: count
    sources:
      - event: enrollment.application.recorded
        version: 1
        how: count
        org_unit: firstWishSchoolId
        period: { code: schoolYear, type: school-year }
        segment: org-unit
`;

export const LIVE_APPLICATIONS_INDICATOR = `
  - code: ENR-PORTAL-G1
    name_vi: Tỷ lệ hồ sơ lớp 1 nhận qua cổng tuyển sinh bên ngoài
    name_en: Share of grade 1 applications received from outside portals
    unit: percent
    numerator: '#{admission.grade1.portal}'
    denominator: '#{admission.grade1.digital} + #{admission.grade1.paper}'
    aggregation: ratio-of-sums
    period_type: school-year
    segments: [urban, rural, ethnic-minority-mountain, island]
    source_events: [enrollment.round.closed]
    targets: []
    source_doc:
      - file: 003_fd7a49e97dadd4a8.txt
        ref: 2.1 b) target (7)
        text: test indicator over an existing event type
  - code: ENR-LIVE-ONLINE
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
        text: test indicator
`;

export function extendedCatalogueText(): string {
  const base = readFileSync(DEFAULT_CATALOGUE_PATH, 'utf8');
  const withElements = base.replace(
    '\ndata_elements:\n',
    `\ndata_elements:\n${LIVE_APPLICATIONS_ELEMENTS}`,
  );
  if (withElements === base) throw new Error('data_elements: not found in the catalogue');
  return `${withElements.trimEnd()}\n${LIVE_APPLICATIONS_INDICATOR}`;
}

/** Writes the extended catalogue to a temporary file and returns its path. */
export function writeExtendedCatalogue(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-catalogue-'));
  const path = join(dir, 'indicators.yaml');
  writeFileSync(path, extendedCatalogueText());
  return path;
}
