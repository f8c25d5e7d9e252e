import { benchBooths } from './booth-bench.js';
import { benchBusyHour } from './busy-hour-bench.js';
import { benchCallEvent } from './call-event-bench.js';
import { benchGrowth } from './growth-bench.js';
import { benchHq } from './hq-bench.js';
import { benchIssue } from './issue-bench.js';
import { benchPages } from './pages-bench.js';
import { benchPrinting } from './print-bench.js';

/** `npm run bench`: every benchmark in turn; each prints its figures next to the floor it is compared with. */
await benchIssue();
await benchCallEvent();
await benchPages();
await benchBusyHour();
await benchGrowth();
await benchPrinting();
await benchHq();
await benchBooths();
