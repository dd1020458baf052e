// Prints the one closing line CI reads, `N passed, N failed, N skipped`, from Jest's JSON result.
// Suites that failed to run at all count as failures, so a broken file can never pass silently.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'reports/jest.json';
let r;
try {
  r = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  console.log('0 passed, 1 failed');
  console.error(`no Jest result in ${file}: ${err.message}`);
  process.exit(1);
}
const passed = r.numPassedTests;
const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
const skipped = r.numPendingTests + (r.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || !r.success ? 1 : 0);
