// The column program as its worker runs it (column-program.ts): its functions' source text alone,
// in a context of its own with no module around it, declares every function the file declares
// (a function left out of PROGRAM_FUNCTIONS would fail there only when a plan first reached it).
import { readFileSync } from 'node:fs';
import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { columnProgram, columnProgramSource, type ColumnLayout } from './column-program';

const LAYOUT: ColumnLayout = {
  text: ['namespace', 'image_name', 'image_version', 'image_digest', 'severity_level'],
  flags: ['latest_version'],
  counts: ['vul_num'],
  numbers: ['image_size', 'rowid'],
  pages: true,
};

describe('the column program source', () => {
  it('declares every function of its file, and counts as the module does', () => {
    const declared = [
      ...readFileSync(new URL('./column-program.ts', import.meta.url), 'utf8').matchAll(
        /^function (\w+)/gm,
      ),
    ].map((match) => match[1] as string);
    expect(declared.length).toBeGreaterThan(15);
    // esbuild's keepNames helper, as the worker defines it.
    const context = createContext({ __name: (target: unknown) => target });
    runInContext(`${columnProgramSource()}\nthis.program = program;`, context);
    for (const name of declared) expect(typeof context[name], name).toBe('function');

    const rows = [
      ['ops', 'nginx', 'v1', 'sha256:a', 'High', 1, 0, 10, 3],
      ['team', 'app', 'v2', 'sha256:b', 'Low', 0, 2, 20, 1],
      ['ops', 'app', 'nginx', 'sha256:c', 'High', 1, 1, null, 2],
    ];
    const plan = {
      tests: [
        {
          kind: 'search' as const,
          columns: ['namespace', 'image_name', 'image_version', 'image_digest'] as [
            string,
            string,
            string,
            string,
          ],
          reference: 'nginx',
          digest: null,
          text: 'nginx',
        },
      ],
      parts: [
        { kind: 'top' as const, tests: [0], column: 'severity_level', limit: 5 },
        {
          kind: 'page' as const,
          tests: [0],
          order: { by: 'column' as const, column: 'image_size' },
          desc: true,
          offset: 0,
          limit: 5,
        },
      ],
    };
    const answers = [columnProgram(), context.program as ReturnType<typeof columnProgram>].map(
      (program) => {
        const builder = program.createBuilder(LAYOUT, rows.length);
        for (const row of rows) builder.add(row);
        for (const rowid of [2, 3, 1]) builder.addTieRowid(rowid);
        return program.count(builder.finish(), plan);
      },
    );
    // Sized 10 then none (desc: nulls last), named by their rowids; then their count.
    expect(answers[0]).toEqual([[['High', 2]], [[3, 2], [2]]]);
    expect(answers[1]).toEqual(answers[0]);
  });
});
