// The ACR tag file's header row in the UI's language: Chinese titles from the contracts' one
// table, the same records as the English file, and the UTF-8 BOM that Excel and WPS need.
import { describe, expect, it } from 'vitest';
import { ACR_TAG_EXPORT_HEADERS, AcrTagSchema } from '../../../shared/contracts';
import { CSV_BOM, CSV_LINE_END, decodeCsv } from '../../../shared/csv';
import { ACR_TAG_CSV_HEADERS, buildAcrTagsCsv } from './export-acr-tags';

const repository = {
  RepoId: 'crr-abc',
  RepoNamespaceName: '生产',
  RepoName: 'api',
  InstanceId: 'cri-xyz',
};
// The tolerant schema fills what a tag leaves out, as ListRepoTag's parsing does.
const tags = [AcrTagSchema.parse({ Tag: 'v1', Digest: 'sha256:aa', ImageCreate: 1572839125000 })];

describe('buildAcrTagsCsv in a language', () => {
  it('keeps the English header by default, as the contracts title it', () => {
    expect(ACR_TAG_CSV_HEADERS).toEqual(
      Object.values(ACR_TAG_EXPORT_HEADERS).map((titles) => titles.en),
    );
    expect(buildAcrTagsCsv(tags, repository)).toBe(buildAcrTagsCsv(tags, repository, 'en'));
  });

  it('titles the columns in Chinese, rows unchanged, after a BOM', () => {
    const chinese = buildAcrTagsCsv(tags, repository, 'zh-CN');
    const english = buildAcrTagsCsv(tags, repository, 'en');
    expect(chinese.startsWith(CSV_BOM)).toBe(true);
    const [header, ...rows] = decodeCsv(chinese);
    expect(header).toEqual(Object.values(ACR_TAG_EXPORT_HEADERS).map((titles) => titles['zh-CN']));
    expect(header?.slice(0, 3)).toEqual(['命名空间', '仓库名称', '镜像版本']);
    expect(rows).toEqual(decodeCsv(english).slice(1));
    const body = (text: string) => text.slice(text.indexOf(CSV_LINE_END));
    expect(body(chinese)).toBe(body(english));
  });
});
