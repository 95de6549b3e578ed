// Fallback peak-RSS probe for the bench, used only when /usr/bin/time -f is not available:
// loaded into the measured node child with NODE_OPTIONS=--require, it writes the process's peak
// RSS (KB, from process.resourceUsage().maxRSS) to $BENCH_RSS_FILE when the process exits.
'use strict';
const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {
      // The probe must never change the measured program's outcome.
    }
  });
}
