/**
 * How each KPI status is shown: one map keyed by the status code the API sends (kpi-aggregator's
 * status rule: Hoàn thành / Cơ bản hoàn thành / Chưa hoàn thành once a target is due, Đang thực
 * hiện before). A code the map does not know is shown with the API's own Vietnamese label.
 */
export interface StatusDisplay {
  label: string;
  /** Mantine colour of the badge. */
  color: string;
  /** Lower is worse: "behind first" orders by it. */
  rank: number;
}

export const STATUS_DISPLAY: Readonly<Record<string, StatusDisplay>> = {
  completed: { label: 'Hoàn thành', color: 'green', rank: 6 },
  'mostly-completed': { label: 'Cơ bản hoàn thành', color: 'teal', rank: 5 },
  'not-completed': { label: 'Chưa hoàn thành', color: 'red', rank: 0 },
  behind: { label: 'Đang thực hiện – chậm tiến độ', color: 'orange', rank: 1 },
  'in-progress': { label: 'Đang thực hiện', color: 'blue', rank: 3 },
  'on-track': { label: 'Đang thực hiện – đúng tiến độ', color: 'blue', rank: 4 },
  'no-data': { label: 'Chưa có số liệu', color: 'gray', rank: 2 },
  'no-target': { label: 'Chưa có chỉ tiêu', color: 'gray', rank: 2 },
};

export function statusDisplay(code: string, apiLabel?: string): StatusDisplay {
  return STATUS_DISPLAY[code] ?? { label: apiLabel ?? code, color: 'gray', rank: 2 };
}
