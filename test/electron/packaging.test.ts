import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '..', '..');
// electron-builder's own loader and validator, so the test reads the file exactly as a build does.
const require = createRequire(join(REPO, 'node_modules', 'electron-builder', 'package.json'));
const yaml = require('js-yaml') as { load(text: string): Record<string, unknown> };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(c: unknown, logger: unknown): Promise<void> };
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const config = yaml.load(readFileSync(join(REPO, 'electron-builder.yml'), 'utf8')) as {
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[] };
  win: { target: string };
  npmRebuild: boolean;
  buildDependenciesFromSource: boolean;
  publish: { provider: string }[];
};

describe('the app package (electron-builder.yml)', () => {
  it("passes electron-builder's own validation", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('ships compiled code, migrations, pages and profiles; not the sources, the tests or the virtual printer', () => {
    expect(config.files).toEqual(expect.arrayContaining(['build/main/**/*.js', 'migrations/**/*.sql', 'renderer/dist/**/*', 'kiosk-profiles/*.json', '!build/tools/**']));
    expect(config.files.some((f) => /^(main|test|tools)\//.test(f) || f.endsWith('.ts'))).toBe(false);
  });

  it('unpacks the native modules from the asar and rebuilds them for Electron from source', () => {
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**/*', 'node_modules/node-hid/**/*']));
    expect(config.npmRebuild).toBe(true);
    expect(config.buildDependenciesFromSource).toBe(true);
  });

  it('flips the fuses: no run-as-node, NODE_OPTIONS or inspect; asar integrity; code only from the asar', () => {
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true, grantFileProtocolExtraPrivileges: false });
  });

  it('builds AppImage and deb for Linux, NSIS for Windows, updates from a generic server', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toBe('nsis');
    expect(config.publish[0]!.provider).toBe('generic');
  });

  it("the app's code never imports the virtual printer (only the CLI loads it, when asked for)", () => {
    const files = (dir: string): string[] => readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.c?ts$/.test(e.name) ? [join(dir, e.name)] : []));
    const importing = files('main').filter((f) => f !== join('main', 'cli.ts') && /tools\/virtual-printer/.test(readFileSync(join(REPO, f), 'utf8')));
    expect(importing.map((f) => relative(REPO, join(REPO, f)))).toEqual([]);
  });

  it("package.json starts the compiled Electron main process, and electron's binary download never runs at npm ci", () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { main: string; allowScripts: Record<string, boolean>; scripts: Record<string, string> };
    expect(pkg.main).toBe('build/main/electron/app.js');
    expect(pkg.allowScripts.electron).not.toBe(true);
    expect(readFileSync(join(REPO, '.ci', 'run'), 'utf8')).toMatch(/export ELECTRON_SKIP_BINARY_DOWNLOAD=1/);
    expect(pkg.scripts.build).toContain('build:main');
  });
});
