import { openPgDatabase } from '../../hq/db/pg-database.js';
import { silentHqLog } from '../../hq/hq-log.js';
import { parseHqKey } from '../../hq/secrets/hq-key.js';
import { startHq } from '../../hq/start-hq.js';

/**
 * One headquarters process under benchmark, on the schema the parent made: it tells the parent
 * its address and runs until the parent disconnects.
 */
const { DATABASE_URL, HQ_BENCH_SCHEMA, HQ_BENCH_KEY, HQ_BENCH_TOKEN } = process.env;
const db = openPgDatabase({ url: DATABASE_URL!, schema: HQ_BENCH_SCHEMA!, poolSize: 20 });
const hq = await startHq({ db, key: parseHqKey(HQ_BENCH_KEY!, 'HQ_BENCH_KEY'), log: silentHqLog, bookingToken: HQ_BENCH_TOKEN!, viewToken: HQ_BENCH_TOKEN! });
process.send!({ url: hq.url });
process.on('disconnect', () => {
  void hq.close().then(() => db.close()).then(() => process.exit(0));
});
