import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Importing a provider package's root loads every resource class in it, which
// costs about 2 s and 680 MB for the AWS provider. A deep path loads one class.
const providerBarrels = ['@cdktf/provider-aws', '@cdktf/provider-cloudflare', '@cdktf/provider-mongodbatlas'];

export default tseslint.config(
  { ignores: ['dist/**', 'cdktf.out/**', '.gen/**', 'node_modules/**', 'coverage/**', '.terraform-cli/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: providerBarrels.flatMap((name) => [
            { name, message: `Import the class by deep path, for example "${name}/lib/provider".` },
            { name: `${name}/lib`, message: `Import the class by deep path, for example "${name}/lib/provider".` },
          ]),
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['__tests__/**/*.ts', 'policy/**/*.ts', 'lib/diagram.ts'],
    rules: {
      // Synthesized Terraform JSON is untyped; tests, policy rules and the diagram read it as `any`.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { module: 'writable', require: 'readonly', process: 'readonly' } },
  },
);
