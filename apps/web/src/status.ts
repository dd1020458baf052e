/**
 * How each KPI status is shown: one map keyed by the status code the API sends. It holds today's
 * codes (met, on-track, at-risk, off-track, no-data, no-target) and the codes of the status rule
 * being redefined (completed, mostly-completed, not-completed, on-track, behind, in-progress,
 * no-data, no-target), so the app works before and after that change. A code the map does not
 * know is shown with the API's own Vietnamese label.
 */
export interface StatusDisplay {
  label: string;
  /** Mantine colour of the badge. */
  color: string;
  /** Lower is worse: "behind first" orders by it. */
  rank: number;
}

export const STATUS_DISPLAY: Readonly<Record<string, StatusDisplay>> = {
  // The redefined rule.
  completed: { label: 'Hoàn thành', color: 'green', rank: 6 },
  'mostly-completed': { label: 'Cơ bản hoàn thành', color: 'teal', rank: 5 },
  'not-completed': { label: 'Chưa hoàn thành', color: 'red', rank: 0 },
  behind: { label: 'Đang thực hiện – chậm tiến độ', color: 'orange', rank: 1 },
  'in-progress': { label: 'Đang thực hiện', color: 'blue', rank: 3 },
  // Shared by both rules (on-track keeps its code; its label is the new one).
  'on-track': { label: 'Đang thực hiện – đúng tiến độ', color: 'blue', rank: 4 },
  'no-data': { label: 'Chưa có số liệu', color: 'gray', rank: 2 },
  'no-target': { label: 'Chưa có chỉ tiêu', color: 'gray', rank: 2 },
  // Today's rule.
  met: { label: 'Đạt', color: 'green', rank: 6 },
  'at-risk': { label: 'Có nguy cơ chậm', color: 'yellow', rank: 1 },
  'off-track': { label: 'Chậm tiến độ', color: 'red', rank: 0 },
};

export function statusDisplay(code: string, apiLabel?: string): StatusDisplay {
  return STATUS_DISPLAY[code] ?? { label: apiLabel ?? code, color: 'gray', rank: 2 };
}
