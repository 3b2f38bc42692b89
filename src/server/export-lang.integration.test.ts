// The export's `lang=` over HTTP against an inventory filled from the simulator's estate: the
// header row in the language asked for, the rows byte for byte those of the default file (value
// labels, `values=labels`, in the language asked for, from the app's `enums` catalogue), the
// BOM kept, and a language the product does not speak refused with a 400 naming `lang`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zhEnums from '../i18n/locales/zh-CN/enums.json';
import {
  CICD_EXPORT_COLUMNS,
  exportHeader,
  REGISTRY_EXPORT_COLUMNS,
  SEVERITY_LABELS,
} from '../shared/contracts';
import { CSV_BOM, CSV_LINE_END, decodeCsv } from '../shared/csv';
import { generateEstate } from '../simulator';
import { openInventory, type InventoryDb } from './store/db';
import { mirrorEstate } from './test-support/sync-harness';
import { startExportTestServer, type ExportTestServer } from './test-support/export-fixtures';

const NOW = Date.UTC(2025, 5, 1);

/** The file's text split at the end of its header row. */
function splitHeader(text: string): { header: string; rows: string } {
  const end = text.indexOf(CSV_LINE_END) + CSV_LINE_END.length;
  return { header: text.slice(0, end), rows: text.slice(end) };
}

describe('CSV export header language (lang=)', () => {
  let db: InventoryDb;
  let server: ExportTestServer;

  beforeAll(async () => {
    db = await openInventory(':memory:');
    server = await startExportTestServer({ db });
    const estate = generateEstate({ seed: 11, registryImages: 300, cicdImages: 40, now: NOW });
    await mirrorEstate(db, server.accountId, estate);
  });

  afterAll(async () => {
    await server.close();
    await db.destroy();
  });

  const download = async (query: string) => {
    const response = await fetch(`${server.url}/api/hss/registry-images/export.csv?${query}`);
    expect(response.status, query).toBe(200);
    // Decoded with its BOM kept (Response.text() drops it).
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  };

  it('titles the columns in Chinese with lang=zh-CN, rows identical to lang=en and the default', async () => {
    const filters = 'severity_level=High,Medium&sort_key=vul_num&sort_dir=desc';
    const [english, chinese, plain] = await Promise.all([
      download(`${filters}&lang=en`),
      download(`${filters}&lang=zh-CN`),
      download(filters),
    ]);
    for (const text of [english, chinese, plain]) expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(english).toBe(plain);
    const [zhHeader] = decodeCsv(chinese.slice(CSV_BOM.length));
    expect(zhHeader).toEqual(
      REGISTRY_EXPORT_COLUMNS.map((column) => exportHeader(column, 'zh-CN')),
    );
    expect(zhHeader?.slice(0, 3)).toEqual(['组织', '镜像名称', '镜像版本']);
    expect(decodeCsv(english)[0]).toEqual(REGISTRY_EXPORT_COLUMNS.map((column) => column.header));
    const zh = splitHeader(chinese);
    const en = splitHeader(english);
    expect(zh.header).not.toBe(en.header);
    expect(zh.rows.length).toBeGreaterThan(0);
    expect(zh.rows).toBe(en.rows);
  });

  it('keeps the columns asked for, in their order, and writes labels in the language asked for', async () => {
    const columns = 'columns=severity_level,scan_status,image_type,id';
    const [header, ...rows] = decodeCsv(await download(`${columns}&values=labels&lang=zh-CN`));
    expect(header).toEqual(['风险等级', '扫描状态', '镜像类型', '记录ID']);
    // The labels are the app's own (the zh-CN `enums` catalogue), code by code.
    const codes = decodeCsv(await download(columns)).slice(1);
    expect(rows.length).toBe(codes.length);
    const zh = (group: keyof typeof zhEnums, code: string | undefined) =>
      (zhEnums[group] as Record<string, string>)[code ?? ''] ?? code;
    expect(rows).toEqual(
      codes.map(([severity, scan, type, id]) => [
        zh('severity', severity),
        zh('scanStatus', scan),
        zh('imageType', type),
        id,
      ]),
    );
    expect(new Set(rows.map((row) => row[0]))).toEqual(
      new Set(codes.map(([severity]) => zh('severity', severity))),
    );
    expect(rows.some(([severity]) => severity === '高危')).toBe(true);
    // English labels for English, as the contracts word them; codes whatever the language.
    const english = decodeCsv(await download(`${columns}&values=labels&lang=en`)).slice(1);
    expect(english.map((row) => row[0])).toEqual(
      codes.map(
        ([severity = '']) => SEVERITY_LABELS[severity as keyof typeof SEVERITY_LABELS] ?? severity,
      ),
    );
    expect(decodeCsv(await download(`${columns}&lang=zh-CN`)).slice(1)).toEqual(codes);
  });

  it('titles the CI/CD export in Chinese as well', async () => {
    const response = await fetch(
      `${server.url}/api/hss/cicd-images/export.csv?columns=cicd_name,pipeline_type&lang=zh-CN`,
    );
    const [header] = decodeCsv(await response.text());
    expect(header).toEqual(
      CICD_EXPORT_COLUMNS.filter((column) =>
        ['cicd_name', 'pipeline_type'].includes(column.key),
      ).map((column) => exportHeader(column, 'zh-CN')),
    );
  });

  it.each(['xx', 'zh', 'en-US', ''])(
    'refuses lang=%j with a 400 naming the field',
    async (lang) => {
      for (const list of ['registry', 'cicd']) {
        const response = await fetch(
          `${server.url}/api/hss/${list}-images/export.csv?lang=${encodeURIComponent(lang)}`,
        );
        expect(response.status, `${list} lang=${lang}`).toBe(400);
        const body = (await response.json()) as { error: { field: string; code: string } };
        expect(body.error.field).toBe('lang');
      }
    },
  );
});
