import type { ProvinceReport } from '../domain/report-model';
import { renderOffLoop } from './render-pool';

/** The report workbook (xlsx-workbook.ts), rendered in the worker pool. */
export function renderReportXlsx(report: ProvinceReport): Promise<Buffer> {
  return renderOffLoop('xlsx', report);
}
