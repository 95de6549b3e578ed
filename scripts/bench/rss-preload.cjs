// Fallback peak-RSS and CPU probe for the bench, used only when /usr/bin/time -f is not available:
// loaded into the measured node child with NODE_OPTIONS=--require, it writes "maxRSS-KB user-s sys-s"
// (from process.resourceUsage(), which covers every thread of the process, workers included) to
// $BENCH_RSS_FILE when the process exits: the same line /usr/bin/time -f '%M %U %S' writes.
'use strict';
const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const u = process.resourceUsage();
      require('node:fs').writeFileSync(file, `${u.maxRSS} ${u.userCPUTime / 1e6} ${u.systemCPUTime / 1e6}`);
    } catch {
      // The probe must never change the measured program's outcome.
    }
  });
}
