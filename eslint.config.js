// Lint: typescript-eslint's recommended rules plus the layer table of
// ARCHITECTURE.md — an import that crosses a layer fails the build.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Which folders each layer may import (besides itself). */
const layers = {
  shared: [],
  core: ['shared'],
  helper: ['shared'],
  cli: ['shared', 'core'],
  main: ['shared', 'core'],
  preload: ['shared'],
  renderer: ['shared'],
};
const all = Object.keys(layers);

const layerRules = Object.entries(layers).map(([layer, allowed]) => {
  const forbidden = all.filter((l) => l !== layer && !allowed.includes(l));
  // These layers run outside Node (or sandboxed): no Node built-ins.
  const notNode = ['shared', 'preload', 'renderer'].includes(layer);
  return {
    files: [`src/${layer}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths:
            notNode && layer !== 'preload'
              ? ['electron', 'execa', 'fs', 'path', 'child_process', 'net', 'os', 'zlib'].map((name) => ({
                  name,
                  message: `src/${layer} runs outside Node/Electron main: no Node modules.`,
                }))
              : [],
          patterns: [
            ...forbidden.map((l) => ({
              group: [`**/${l}`, `**/${l}/**`],
              message: `src/${layer} may not import src/${l} (layer table in ARCHITECTURE.md; allowed: ${allowed.join(', ') || 'nothing'}).`,
            })),
            ...(notNode && layer !== 'preload'
              ? [{ group: ['node:*'], message: `src/${layer} runs outside Node/Electron main: no Node modules.` }]
              : []),
          ],
        },
      ],
    },
  };
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'tests/lab/**/*.mjs', 'docs/**', 'reports/**', '.stryker-tmp*/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "Property[key.name='shell'][value.value=true]", message: 'No shell: argv arrays only.' },
        { selector: "CallExpression[callee.name='execSync']", message: 'No command strings: use execa with an argv array.' },
        { selector: "CallExpression[callee.property.name='execSync']", message: 'No command strings: use execa with an argv array.' },
        { selector: "CallExpression[callee.property.name='exec'][callee.object.name=/child_process|cp/]", message: 'No command strings: use execa with an argv array.' },
      ],
    },
  },
  // Validators look for control characters on purpose (profile and protocol rules).
  { files: ['src/shared/**/*.ts', 'src/helper/**/*.ts', 'src/core/**/*.ts'], rules: { 'no-control-regex': 'off' } },
  { files: ['scripts/**/*.mjs', 'tests/**/*.mjs', '*.config.js'], languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } } },
  ...layerRules,
);
