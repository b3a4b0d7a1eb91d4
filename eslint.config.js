import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', fetch: 'readonly', performance: 'readonly', AbortController: 'readonly', URLSearchParams: 'readonly', Headers: 'readonly', globalThis: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // No process.env outside src/config (STYLE.md): configuration is validated in one place.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Inject AppConfig instead (src/config).' }],
    },
  },
  {
    files: ['src/config/**', 'src/agent-client/**', 'test/**', 'bench/**', '**/*.mjs', 'jest.config.js'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
