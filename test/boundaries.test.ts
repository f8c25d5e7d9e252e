import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The module boundaries of the blueprint, checked on the import statements of every source file. */

const ROOT = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  const abs = join(ROOT, dir);
  let entries: string[];
  try {
    entries = readdirSync(abs);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    if (name === 'node_modules' || name === 'dist') return [];
    const path = join(abs, name);
    if (statSync(path).isDirectory()) return sources(relative(ROOT, path));
    return /\.(ts|mts|svelte|mjs|js)$/.test(name) ? [relative(ROOT, path)] : [];
  });
}

/** Every module specifier a file imports, resolved to a repository path when it is relative. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm)].map(
    (m) => (m[1] ?? m[2] ?? m[3])!,
  );
  return specifiers.map((s) => (s.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), s)) : s));
}

const violations = (files: string[], forbidden: (spec: string, file: string) => boolean) =>
  files.flatMap((file) => importsOf(file).filter((spec) => forbidden(spec, file)).map((spec) => `${file} imports ${spec}`));

describe('module boundaries', () => {
  it('main/queue imports nothing of main outside itself, no node: API, and SQLite only in its store', () => {
    const found = violations(sources('main/queue'), (spec, file) => {
      if (spec.startsWith('main/')) return !spec.startsWith('main/queue/');
      if (spec.startsWith('node:')) return true;
      if (spec === 'better-sqlite3') return file !== 'main/queue/queue-store.ts';
      return spec !== 'zod';
    });
    expect(found).toEqual([]);
  });

  it('only main/electron imports electron', () => {
    const all = [...sources('main'), ...sources('renderer'), ...sources('hq')];
    expect(violations(all, (spec, file) => spec === 'electron' && !file.startsWith('main/electron/'))).toEqual([]);
  });

  it('the hub knows no SQL: it reaches the database through the queue and the pairing registry', () => {
    expect(violations(sources('main/hub'), (spec) => spec === 'better-sqlite3')).toEqual([]);
  });

  it('the wire module depends on nothing but zod and the queue domain types', () => {
    const found = violations(sources('main/wire'), (spec) => spec !== 'zod' && spec !== 'main/queue/types.js' && spec !== 'main/queue/events.js' && !spec.startsWith('main/wire/'));
    expect(found).toEqual([]);
  });

  it('renderer and hq import nothing of main but the wire module', () => {
    const found = violations([...sources('renderer'), ...sources('hq')], (spec) => spec.startsWith('main/') && !spec.startsWith('main/wire/'));
    expect(found).toEqual([]);
  });

  it('the checker sees the imports it is meant to police', () => {
    expect(importsOf('main/queue/queue-store.ts')).toContain('better-sqlite3');
    expect(importsOf('main/hub/hub-server.ts')).toContain('main/queue/branch-queue.js');
  });
});
