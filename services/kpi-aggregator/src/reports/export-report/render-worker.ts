import type { ProvinceReport } from '../domain/report-model';
import { buildReportPdf } from './pdf-document';
import { buildReportXlsx } from './xlsx-workbook';

export type RenderKind = 'xlsx' | 'pdf';

export interface RenderTask {
  kind: RenderKind;
  report: ProvinceReport;
}

/**
 * Renders one report file. Runs in a worker thread of the render pool (render-pool.ts): a
 * workbook or PDF of the whole province takes long enough to stall every other request if it
 * ran on the event loop.
 */
export default function renderTask(task: RenderTask): Promise<Buffer> {
  return task.kind === 'xlsx' ? buildReportXlsx(task.report) : buildReportPdf(task.report);
}
