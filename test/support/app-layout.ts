import { resolve } from 'node:path';
import { appLayout } from '../../main/app-layout.js';

/** The repository as an installation: its migrations, built pages and version, for hubs under test. */
export const repoLayout = appLayout(resolve(import.meta.dirname, '..', '..'));
export const MIGRATIONS_DIR = repoLayout.migrationsDir;
