import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from './db/connection.js';
import { DEFAULT_MIGRATIONS_DIR, migrate, MigrationError } from './db/migrate.js';
import { demoDeviceTokens, startHub, type RunningHub } from './hub/start-hub.js';
import { loadProfile, ProfileError } from './profiles/load-profile.js';

const USAGE = `antre: the branch queue system

  antre demo [--profile kiosk-profiles/demo.json]   a whole demo branch on this machine
  antre hub --profile FILE                           run the branch hub of a profile
  antre migrate --db FILE                            bring a branch database to the current schema
  antre check-profile FILE...                        validate device profiles
  antre bench                                        measure the hub (see README)
`;

function waitForSignal(hub: RunningHub): void {
  const stop = (signal: string) => {
    console.log(`\n${signal}: closing the hub`);
    hub.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

function describeMigration(hub: RunningHub): string {
  const m = hub.migration;
  if (m.applied.length === 0) return `schema version ${m.to}`;
  return `migrated ${m.from} → ${m.to}${m.backup ? ` (previous database copied to ${m.backup})` : ''}`;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'demo':
    case 'hub': {
      const { values } = parseArgs({ args: rest, options: { profile: { type: 'string' }, port: { type: 'string' } } });
      const port = values.port === undefined ? undefined : Number(values.port);
      if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new ProfileError(`--port ${values.port}: give a port number from 0 to 65535`);
      const file = values.profile ?? (command === 'demo' ? resolve(import.meta.dirname, '..', 'kiosk-profiles', 'demo.json') : undefined);
      if (!file) throw new ProfileError('antre hub needs --profile FILE (see kiosk-profiles/hub.json)');
      const profile = loadProfile(file);
      if (profile.role !== 'hub' && profile.role !== 'demo') throw new ProfileError(`${file}: role is "${profile.role}", but antre ${command} needs a hub or demo profile`);
      const hub = await startHub({ hub: profile.hub, baseDir: profile.dir, profileFile: file, port });
      console.log(`Antre hub for ${profile.hub.branch.name} (${profile.hub.branch.timeZone}) at ${hub.url}: ${describeMigration(hub)}`);
      if (profile.role === 'demo') {
        const tokens = demoDeviceTokens(hub, resolve(profile.dir, profile.hub.dataDir), profile.devices);
        console.log('Demo devices (open each address in a browser):');
        for (const d of tokens) console.log(`  ${d.role.padEnd(10)} ${d.name.padEnd(18)} ${hub.url}/${d.role}?token=${d.token}`);
        console.log(`API description: ${hub.url}/api/v1/openapi.json`);
      }
      waitForSignal(hub);
      return;
    }
    case 'migrate': {
      const { values } = parseArgs({ args: rest, options: { db: { type: 'string' } } });
      if (!values.db) throw new MigrationError('antre migrate needs --db FILE');
      if (!existsSync(values.db)) throw new MigrationError(`${values.db}: no such database file (the hub creates a new branch database itself at start)`);
      const db = openDatabase(values.db);
      try {
        const report = migrate(db, DEFAULT_MIGRATIONS_DIR);
        console.log(report.applied.length === 0 ? `${values.db}: already at schema version ${report.to}` : `${values.db}: applied ${report.applied.join(', ')}${report.backup ? `; backup at ${report.backup}` : ''}`);
      } finally {
        db.close();
      }
      return;
    }
    case 'check-profile': {
      for (const file of rest) {
        const p = loadProfile(file);
        console.log(`${file}: ok (${p.role})`);
      }
      return;
    }
    case 'bench': {
      // Loaded by path: the benchmarks live with the tests and are type-checked with the browser tests.
      const bench = new URL('../test/bench/run-bench.ts', import.meta.url).href;
      await import(bench);
      return;
    }
    default:
      console.log(USAGE);
      if (command !== undefined && command !== 'help' && command !== '--help') process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ProfileError || err instanceof MigrationError) {
    console.error(`antre: ${err.message}`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
