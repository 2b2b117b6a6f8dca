/**
 * Jest reporter that ends the run with one plain line, "jest: N passed, N failed",
 * which CI systems that only read a closing line can count.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const suffix = skipped > 0 ? `, ${skipped} skipped` : '';
    // stderr, like jest's own summary, so this line stays last in a merged log.
    process.stderr.write(`jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed${suffix}\n`);
  }
}

module.exports = SummaryReporter;
