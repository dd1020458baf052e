// Prints the one closing line CI reads, `N passed, N failed, N skipped`, from Jest's JSON result.
// Suites that failed to run at all count as failures, so a broken file can never pass silently.
import { readFileSync } from 'node:fs';

// Several result files (the suite, then the fault suite that runs alone) are added up.
const files = process.argv.length > 2 ? process.argv.slice(2) : ['reports/jest.json'];
let passed = 0;
let failed = 0;
let skipped = 0;
let success = true;
for (const file of files) {
  let r;
  try {
    r = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    console.error(`no Jest result in ${file}: ${err.message}`);
    failed += 1;
    success = false;
    continue;
  }
  passed += r.numPassedTests;
  failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  success &&= r.success;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || !success ? 1 : 0);
