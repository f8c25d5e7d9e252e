import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;
/** One app per role, served at /<role>; the pairing page is served at any role's address until the screen is paired. */
export const PAGES = ['kiosk', 'display', 'booth', 'console', 'supervisor', 't', 'pair'] as const;

export default defineConfig({
  root,
  base: '/',
  plugins: [svelte()],
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: Object.fromEntries(PAGES.map((p) => [p, resolve(root, p, 'index.html')])) },
  },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:8080', ws: true } } },
});
