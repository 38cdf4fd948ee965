import { defineConfig, type Plugin } from 'vite';
import { RENDERER_ENTRY, RENDERER_LOADER } from './src/main/security.ts';

/**
 * The production page loads its bundle through one fixed inline loader whose
 * hash the CSP names (see src/main/security.ts): Vite's own
 * `<script type="module" src=…>` tag is removed and the loader goes at the
 * end of <body>. The entry keeps a fixed name so the loader never changes.
 */
function hashedLoader(): Plugin {
  return {
    name: 'hoc-hashed-loader',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const tag = new RegExp(`\\s*<script type="module" crossorigin src="\\./${RENDERER_ENTRY.replace('.', '\\.')}"></script>`);
        if (!tag.test(html)) throw new Error(`renderer build: no module tag for ${RENDERER_ENTRY} in index.html`);
        return {
          html: html.replace(tag, ''),
          tags: [{ tag: 'script', children: RENDERER_LOADER, injectTo: 'body' }],
        };
      },
    },
  };
}

// The renderer only; main, preload, CLI and helper are bundled by esbuild (scripts/build.mjs).
export default defineConfig({
  root: 'src/renderer',
  base: './',
  esbuild: { jsx: 'automatic' },
  plugins: [hashedLoader()],
  build: {
    outDir: '../../out/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: false,
    // No <link rel="modulepreload">: under 'strict-dynamic' only the loader's imports may run.
    modulePreload: false,
    rollupOptions: { output: { entryFileNames: RENDERER_ENTRY } },
  },
});
