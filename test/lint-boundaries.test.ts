// The folder boundaries eslint.config.js enforces: each snippet is linted as if it were a file at
// `filePath`, with the project's own configuration, and must be refused (or, for the controls,
// allowed) by the import boundary rule.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: root, overrideConfigFile: `${root}eslint.config.js` });
const RULE = 'import-x/no-restricted-paths';

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = imported;\n`, {
    filePath: `${root}${filePath}`,
  });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === RULE)
    .map((message) => message.message);
}

describe('import boundaries', () => {
  it('refuses a feature importing another feature', async () => {
    const errors = await boundaryErrors(
      'src/features/export/components/boundary-probe.tsx',
      "import { ImageDetailPanel as imported } from '../../image-detail';",
    );
    expect(errors).toEqual([expect.stringContaining('A feature must not import another feature')]);
  });

  it('allows a feature its own files and the shared components', async () => {
    expect(
      await boundaryErrors(
        'src/features/export/components/boundary-probe.tsx',
        "import { ExportButton } from './export-button';\n" +
          "import { DataTable as imported } from '../../../components/data-table';\nvoid ExportButton;",
      ),
    ).toEqual([]);
  });

  it('refuses shared code importing a feature or the app', async () => {
    expect(
      await boundaryErrors(
        'src/lib/boundary-probe.ts',
        "import { ExportButton as imported } from '../features/export';",
      ),
    ).toEqual([expect.stringContaining('Shared code must not import features or the app')]);
    expect(
      await boundaryErrors(
        'src/components/data-table/boundary-probe.ts',
        "import { createAppRouter as imported } from '../../app/router';",
      ),
    ).toEqual([expect.stringContaining('Shared code must not import features or the app')]);
  });

  it('refuses the SPA importing server or simulator code', async () => {
    expect(
      await boundaryErrors(
        'src/components/data-table/boundary-probe.ts',
        "import { loadConfig as imported } from '../../server/config';",
      ),
    ).toEqual([expect.stringContaining('The SPA must not import server or simulator code')]);
    expect(
      await boundaryErrors(
        'src/app/boundary-probe.ts',
        "import { startSimulator as imported } from '../simulator/server';",
      ),
    ).toEqual([expect.stringContaining('The SPA must not import server or simulator code')]);
  });

  it('refuses the simulator importing server code', async () => {
    expect(
      await boundaryErrors(
        'src/simulator/boundary-probe.ts',
        "import { loadConfig as imported } from '../server/config';",
      ),
    ).toEqual([expect.stringContaining('The simulator must not import server code')]);
  });

  it('refuses production server code importing test support, and lets tests use it', async () => {
    const code = "import { startTestBff as imported } from '../test-support/bff-harness';";
    expect(await boundaryErrors('src/server/routes/boundary-probe.ts', code)).toEqual([
      expect.stringContaining('Production code must not import test support'),
    ]);
    expect(await boundaryErrors('src/server/routes/boundary-probe.test.ts', code)).toEqual([]);
  });
});
