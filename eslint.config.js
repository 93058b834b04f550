// @ts-check
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-all/',
      '.tmp/',
      'types/harness-fixtures/',
      'playground/dist/',
      'docs/api/',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/array-type': ['error', { default: 'generic', readonly: 'generic' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['fp-ts/*', '!fp-ts/lib'], message: 'Under ESM import fp-ts/lib/<Module>.js.' }],
        },
      ],
    },
  },
  {
    files: ['test/**', 'examples/**', 'types/**', 'scripts/**'],
    ignores: ['test/internal/**', 'scripts/bench*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/src/internal/*'], message: 'internal/ is private to src.' }] },
      ],
    },
  },
)
