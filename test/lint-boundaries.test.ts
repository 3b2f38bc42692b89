// The folder boundaries eslint.config.js enforces: each snippet is linted as if it were a file at
// `file`, with the project's own configuration, and must be refused with the boundary's message
// (or, for the controls, allowed) by the import boundary rule. The same way, the literal-string
// rule refuses text a person reads written as a literal in JSX.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
// The probes are files that do not exist, so the TypeScript project cannot type them: the
// type-aware rules are set aside here (they do not bear on import boundaries).
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: `${root}eslint.config.js`,
  overrideConfig: tseslint.configs.disableTypeChecked,
});
const RULE = 'import-x/no-restricted-paths';

async function boundaryErrors(file: string, from: string): Promise<string[]> {
  const code = `import * as imported from '${from}';\nexport const used = imported;\n`;
  const [result] = await eslint.lintText(code, { filePath: `${root}${file}` });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === RULE)
    .map((message) => message.message);
}

/** Per refusal: [importing file, imported path] pairs the rule must refuse with that message. */
const REFUSED: Record<string, [string, string][]> = {
  'A feature must not import another feature': [
    ['src/features/export/components/probe.tsx', '../../image-detail'],
    ['src/features/image-lists/probe.ts', '../sync-status/components/sync-indicator'],
  ],
  'Shared code must not import features or the app': [
    ['src/lib/probe.ts', '../features/export'],
    ['src/components/data-table/probe.ts', '../../app/router'],
    ['src/shared/contracts/probe.ts', '../../features/export'],
  ],
  'The SPA must not import server or simulator code': [
    ['src/components/data-table/probe.ts', '../../server/config'],
    ['src/app/probe.ts', '../simulator/server'],
  ],
  'The simulator must not import server code': [['src/simulator/probe.ts', '../server/config']],
  'Production code must not import test support': [
    ['src/server/routes/probe.ts', '../test-support/bff-harness'],
  ],
};

/** Imports the rule must allow: a feature's own files, shared code, composition, tests. */
const ALLOWED: [string, string][] = [
  ['src/features/export/components/probe.tsx', './export-button'],
  ['src/features/export/components/probe.tsx', '../../../components/data-table'],
  ['src/app/routes/probe.tsx', '../../features/export'],
  ['src/server/routes/probe.test.ts', '../test-support/bff-harness'],
];

describe('import boundaries', () => {
  const refused = Object.entries(REFUSED).flatMap(([message, pairs]) =>
    pairs.map(([file, from]): [string, string, string] => [file, from, message]),
  );
  it.each(refused)('refuses %s importing %s', async (file, from, message) => {
    expect(await boundaryErrors(file, from)).toEqual([expect.stringContaining(message)]);
  });

  it.each(ALLOWED)('allows %s importing %s', async (file, from) => {
    expect(await boundaryErrors(file, from)).toEqual([]);
  });
});

/** The messages of the literal-string rule for `code` linted as if it were the file `file`. */
async function literalStringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${file}` });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'i18next/no-literal-string')
    .map((message) => message.message);
}

describe('user-visible literals in JSX', () => {
  const literalHeading = `export const Heading = () => <h1>Images</h1>;\n`;
  const literalLabel = `export const Close = () => <button aria-label="Close" />;\n`;
  const literalTitle = `export const Help = () => <abbr title="Common Vulnerabilities">CVE</abbr>;\n`;
  // JSX handed to a component as a prop is read just the same.
  const literalInProp = [
    `const Frame = (props: { brand: unknown }) => <header>{String(props.brand)}</header>;`,
    `export const Page = () => <Frame brand={<a href="/">Images</a>} />;`,
    ``,
  ].join('\n');
  const translated = [
    `import { useTranslation } from 'react-i18next';`,
    `export function Close() {`,
    `  const { t } = useTranslation();`,
    `  return (`,
    `    <button className="close" type="button" aria-label={t('x')} data-testid="close">`,
    `      {t('x')} <span aria-hidden="true">▾</span> CSV`,
    `    </button>`,
    `  );`,
    `}`,
    ``,
  ].join('\n');

  it.each([
    ['src/app/probe.tsx', literalHeading, 'Images'],
    ['src/components/layout/probe.tsx', literalLabel, 'aria-label="Close"'],
    ['src/features/sync-status/components/probe.tsx', literalHeading, 'Images'],
    ['src/components/feedback/probe.tsx', literalTitle, 'title="Common Vulnerabilities"'],
    ['src/app/routes/probe.tsx', literalInProp, 'Images'],
  ])('refuses a literal in %s', async (file, code, literal) => {
    expect(await literalStringErrors(file, code)).toEqual([expect.stringContaining(literal)]);
  });

  it('allows text from t() and attributes that are code, not text', async () => {
    expect(await literalStringErrors('src/components/layout/probe.tsx', translated)).toEqual([]);
  });

  it('leaves tests alone, and holds every feature to it', async () => {
    expect(await literalStringErrors('src/app/probe.test.tsx', literalHeading)).toEqual([]);
    expect(await literalStringErrors('src/features/acr/probe.tsx', literalHeading)).toEqual([
      expect.stringContaining('Images'),
    ]);
  });
});
