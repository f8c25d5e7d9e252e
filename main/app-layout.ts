import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What an installation of Antre reads besides its data: the built pages, the migrations, the
 * example profiles and its own version. The entry point (main/bin.mjs, the Electron main process,
 * a test) knows where the installation is and passes this down; no module finds these files
 * relative to itself, since compiled code and the app's asar lay folders out differently.
 */
export interface AppLayout {
  /** The folder holding package.json, migrations/ and renderer/dist/ (the repository, or the app's asar). */
  root: string;
  pagesDir: string;
  migrationsDir: string;
  profilesDir: string;
  version: string;
}

/** What the hub itself needs of the layout. */
export type HubLayout = Pick<AppLayout, 'pagesDir' | 'migrationsDir' | 'version'>;

export function appLayout(root: string): AppLayout {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return {
    root,
    pagesDir: join(root, 'renderer', 'dist'),
    migrationsDir: join(root, 'migrations'),
    profilesDir: join(root, 'kiosk-profiles'),
    version,
  };
}
