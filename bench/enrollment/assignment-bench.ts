/**
 * Province-sized admission round: times `assign` (student-proposing deferred acceptance) and
 * `simulateRound` (lottery + school orders + assignment + cut-offs and waiting lists) against
 * the textbook round-by-round deferred acceptance on the same input, in the same process.
 *
 *   bash bench/enrollment/run.sh [--applicants 60000] [--schools 400] [--runs 5] [--baseline-runs 3]
 *
 * Two scenarios on the same province shape (see province.ts): grade 6 (tuyến → điểm ưu tiên →
 * lottery, one order per school) and grade 10 (exam scores, one order shared by all schools).
 * Every timed `assign` result is checked: identical to the baseline's, feasible, no blocking pair.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  assign,
  AssignmentInput,
  AssignmentResult,
  checkAssignment,
  findBlockingPairs,
} from '../../services/enrollment/src/shared/assignment/deferred-acceptance';
import { textbookDeferredAcceptance } from '../../services/enrollment/src/shared/assignment/reference-da';
import { simulateRound } from '../../services/enrollment/src/shared/assignment/simulate';
import { assignmentInputOf, generateProvinceRound } from './province';

interface Options {
  applicants: number;
  schools: number;
  runs: number;
  baselineRuns: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { applicants: 60_000, schools: 400, runs: 5, baselineRuns: 3 };
  for (let i = 0; i < argv.length; i += 2) {
    const value = Number(argv[i + 1]);
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`bad value for ${argv[i]}: ${argv[i + 1]}`);
    if (argv[i] === '--applicants') o.applicants = value;
    else if (argv[i] === '--schools') o.schools = value;
    else if (argv[i] === '--runs') o.runs = value;
    else if (argv[i] === '--baseline-runs') o.baselineRuns = value;
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return o;
}

function timeRuns<T>(runs: number, f: () => T): { ms: number[]; median: number; last: T } {
  const ms: number[] = [];
  let last: T | undefined;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    last = f();
    ms.push(performance.now() - t0);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  return { ms, median: sorted[Math.floor(sorted.length / 2)], last: last as T };
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)).padStart(7) + ' ms';

function sameResult(a: AssignmentResult, b: AssignmentResult): boolean {
  for (const [id, s] of a.assignments) if (b.assignments.get(id) !== s) return false;
  for (const [s, list] of a.admittedBySchool) {
    const other = b.admittedBySchool.get(s)!;
    if (other.length !== list.length || other.some((x, k) => x !== list[k])) return false;
  }
  return a.rounds === b.rounds && a.assignments.size === b.assignments.size;
}

function describe(input: AssignmentInput, result: AssignmentResult): string {
  let placed = 0;
  let first = 0;
  const wishes = new Map(input.applicants.map((a) => [a.id, a.wishes] as const));
  for (const [id, s] of result.assignments) {
    if (s === null) continue;
    placed++;
    if (wishes.get(id)![0] === s) first++;
  }
  const demand = new Map<string, number>();
  for (const a of input.applicants)
    if (a.wishes[0]) demand.set(a.wishes[0], (demand.get(a.wishes[0]) ?? 0) + 1);
  const over = input.schools.filter((s) => (demand.get(s.id) ?? 0) > s.capacity).length;
  const edges = input.applicants.reduce((t, a) => t + a.wishes.length, 0);
  const places = input.schools.reduce((t, s) => t + s.capacity, 0);
  const n = input.applicants.length;
  return (
    `${n} applicants, ${input.schools.length} schools, ${places} places (${((100 * places) / n).toFixed(1)}%), ${edges} wishes; ` +
    `${over} schools oversubscribed on first wishes; placed ${((100 * placed) / n).toFixed(1)}%, ` +
    `first wish ${((100 * first) / n).toFixed(1)}%; ${result.rounds} rounds, ${result.proposals} proposals`
  );
}

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  console.log(
    `assignment bench — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
  );
  console.log(
    `runs: assign and simulateRound ${o.runs} each (after one warm-up), textbook baseline ${o.baselineRuns}; medians\n`,
  );
  const summary: string[] = [];
  for (const grade of [6, 10] as const) {
    const t0 = performance.now();
    const round = generateProvinceRound({ applicants: o.applicants, schools: o.schools, grade });
    const input = assignmentInputOf(round);
    const prepMs = performance.now() - t0;

    assign(input); // warm-up
    const fast = timeRuns(o.runs, () => assign(input));
    simulateRound(round); // warm-up
    const sim = timeRuns(o.runs, () => simulateRound(round));
    const slow = timeRuns(o.baselineRuns, () => textbookDeferredAcceptance(input));

    const problems = checkAssignment(input, fast.last);
    const blocking = findBlockingPairs(input, fast.last).length;
    const same = sameResult(fast.last, slow.last);
    const simSame = [...sim.last.assignments].every(
      ([id, s]) => fast.last.assignments.get(id) === s,
    );
    console.log(`grade ${grade}: ${describe(input, fast.last)}`);
    console.log(`  data generation + school orders ${fmt(prepMs)}`);
    console.log(
      `  assign (deferred acceptance)    ${fmt(fast.median)}   runs: ${fast.ms.map((x) => x.toFixed(0)).join(', ')}`,
    );
    console.log(
      `  simulateRound end to end        ${fmt(sim.median)}   runs: ${sim.ms.map((x) => x.toFixed(0)).join(', ')}`,
    );
    console.log(
      `  textbook DA baseline            ${fmt(slow.median)}   runs: ${slow.ms.map((x) => x.toFixed(0)).join(', ')}`,
    );
    console.log(
      `  speed-up assign vs baseline     ${(slow.median / fast.median).toFixed(1).padStart(7)} ×`,
    );
    console.log(
      `  checks: same result as baseline ${same}, simulateRound agrees ${simSame}, blocking pairs ${blocking}, feasibility problems ${problems.length}\n`,
    );
    if (!same || !simSame || blocking > 0 || problems.length > 0) process.exitCode = 1;
    summary.push(
      `grade ${grade}: assign ${fast.median.toFixed(0)} ms, simulate ${sim.median.toFixed(0)} ms, baseline ${slow.median.toFixed(0)} ms (×${(slow.median / fast.median).toFixed(1)})`,
    );
  }
  console.log(
    `summary (${o.applicants} applicants, ${o.schools} schools; target: assign well under 2,000 ms)`,
  );
  for (const line of summary) console.log(`  ${line}`);
}

main();
