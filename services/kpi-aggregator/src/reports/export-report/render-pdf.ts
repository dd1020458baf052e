import type { ProvinceReport } from '../domain/report-model';
import { renderOffLoop } from './render-pool';

/** The printable report (pdf-document.ts), rendered in the worker pool. */
export function renderReportPdf(report: ProvinceReport): Promise<Buffer> {
  return renderOffLoop('pdf', report);
}
