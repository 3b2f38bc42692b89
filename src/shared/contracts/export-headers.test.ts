// The export's header row per language: every column titled in every language, the default
// (English) titles exactly as the files have always had them, and `lang` validated by the schema.
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../i18n/languages';
import {
  ACR_TAG_EXPORT_HEADERS,
  CICD_EXPORT_COLUMNS,
  CicdImagesExportQuerySchema,
  EXPORT_LANGUAGES,
  exportHeader,
  REGISTRY_EXPORT_COLUMNS,
  RegistryImagesExportQuerySchema,
} from './index';

const CJK = /[\u4e00-\u9fff]/;

describe('export header titles', () => {
  it('are offered in exactly the languages the app speaks', () => {
    expect([...EXPORT_LANGUAGES]).toEqual([...LANGUAGES]);
  });

  it('keep the default English header row as it has always been', () => {
    expect(REGISTRY_EXPORT_COLUMNS.slice(0, 6).map((column) => column.header)).toEqual([
      'Namespace',
      'Image name',
      'Image version (tag)',
      'Image type',
      'Scan status',
      'Severity',
    ]);
    expect(CICD_EXPORT_COLUMNS.map((column) => exportHeader(column, 'en'))).toEqual(
      CICD_EXPORT_COLUMNS.map((column) => column.header),
    );
  });

  it('title every column in Chinese, each title once per file', () => {
    for (const columns of [REGISTRY_EXPORT_COLUMNS, CICD_EXPORT_COLUMNS]) {
      const titles = columns.map((column) => exportHeader(column, 'zh-CN'));
      for (const title of titles) expect(title).toMatch(CJK);
      expect(new Set(titles).size).toBe(titles.length);
    }
    const acr = Object.values(ACR_TAG_EXPORT_HEADERS).map((titles) => titles['zh-CN']);
    for (const title of acr) expect(title).toMatch(CJK);
    expect(new Set(acr).size).toBe(acr.length);
  });

  it('use the vendors’ Chinese terms for the shared fields', () => {
    const zh = (key: string) =>
      exportHeader(
        REGISTRY_EXPORT_COLUMNS.find((column) => column.key === key)!,
        'zh-CN',
      );
    expect(zh('namespace')).toBe('组织');
    expect(zh('severity_level')).toBe('风险等级');
    expect(zh('scan_status')).toBe('扫描状态');
    expect(ACR_TAG_EXPORT_HEADERS.namespace['zh-CN']).toBe('命名空间');
  });
});

describe('the export query’s lang', () => {
  it.each(['en', 'zh-CN'])('accepts lang=%s', (lang) => {
    expect(RegistryImagesExportQuerySchema.safeParse({ lang }).success).toBe(true);
    expect(CicdImagesExportQuerySchema.safeParse({ lang }).success).toBe(true);
  });

  it.each(['xx', 'zh', 'ZH-cn', ''])('refuses lang=%j, naming the field', (lang) => {
    const result = RegistryImagesExportQuerySchema.safeParse({ lang });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['lang']);
  });
});
