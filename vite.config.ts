import { defineConfig } from 'vite';

// The renderer only; main, preload, CLI and helper are bundled by esbuild (scripts/build.mjs).
export default defineConfig({
  root: 'src/renderer',
  base: './',
  esbuild: { jsx: 'automatic' },
  build: { outDir: '../../out/renderer', emptyOutDir: true, target: 'chrome130', sourcemap: false },
});
