// A failed export in the user's language: each kind of failure read from its facts, not from the
// English message the engine writes for scripts and logs.
import { describe, expect, it } from 'vitest';
import { translatorsLoadedBeforeAll } from '../../i18n/test-translators';
import { ExportFailure } from './api/run-export';
import { exportFailureText } from './export-failure-text';

const { zh, en } = translatorsLoadedBeforeAll('export');

describe('exportFailureText', () => {
  it('says a broken download in Chinese with its counts', () => {
    const failure = new ExportFailure('network', 'The download broke off after 5 rows of 1,200', {
      rows: 5,
      total: 1200,
    });
    expect(exportFailureText(failure, zh)).toBe(
      '下载在 5 行（共 1,200 行）后中断：未保存任何内容。请重试。',
    );
    expect(exportFailureText(failure, en)).toBe(
      'The download broke off after 5 rows of 1,200 rows: nothing was saved. Try again.',
    );
  });

  it('tells an unreachable server from a broken download', () => {
    const failure = new ExportFailure('network', 'The dashboard server could not be reached.');
    expect(exportFailureText(failure, zh)).toBe('无法连接到仪表盘服务器。');
  });

  it('keeps the server’s own words for a refusal, and says there was no count', () => {
    const refused = new ExportFailure('rejected', 'x', { detail: 'columns has an unknown column' });
    expect(exportFailureText(refused, zh)).toBe('服务器拒绝了导出：columns has an unknown column');
    expect(exportFailureText(new ExportFailure('rejected', 'x'), zh)).toBe(
      '服务器未返回行数，已拒绝导出。',
    );
  });

  it('says an incomplete file, a write failure and anything else', () => {
    expect(exportFailureText(new ExportFailure('incomplete', 'x', { rows: 1, total: 2 }), en)).toBe(
      'The file holds 1 row but the server announced 2 rows: it was not saved. Try again.',
    );
    expect(exportFailureText(new ExportFailure('sink', 'x', { detail: 'disk full' }), zh)).toBe(
      '无法写入文件：disk full',
    );
    expect(exportFailureText(new Error('boom'), zh)).toBe('出现错误：boom');
  });
});
