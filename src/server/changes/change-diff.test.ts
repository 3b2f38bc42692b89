import { describe, expect, it } from 'vitest';
import { diffImage, removedImage } from './change-diff';

const scanned = {
  scan_status: 'success',
  scan_failed_code: '',
  scan_failed_desc: '',
  severity_level: 'Low',
  latest_scan_time: '1700000000000',
  vul_num: 3,
  malicious_file_num: 0,
  unsafe_setting_num: 1,
  latest_version: 1,
};
const types = (before: object | undefined, after: object) =>
  diffImage(before, after).map((draft) => draft.eventType);

describe('diffImage', () => {
  it('an unchanged image makes no event', () => {
    expect(diffImage(scanned, { ...scanned })).toEqual([]);
  });

  it('a new image appears, described by its scan and risk', () => {
    expect(diffImage(undefined, scanned)).toEqual([
      {
        eventType: 'appeared',
        before: null,
        after: {
          scan_status: 'success',
          severity_level: 'Low',
          vul_num: 3,
          malicious_file_num: 0,
          unsafe_setting_num: 1,
        },
      },
    ]);
  });

  it('a later scan time is a rescan; an earlier or missing one is not', () => {
    expect(types(scanned, { ...scanned, latest_scan_time: '1700000000001' })).toEqual([
      'rescanned',
    ]);
    expect(types(scanned, { ...scanned, latest_scan_time: '1699999999999' })).toEqual([]);
    expect(types(scanned, { ...scanned, latest_scan_time: null })).toEqual([]);
    expect(types({ ...scanned, latest_scan_time: null }, scanned)).toEqual(['rescanned']);
  });

  it('compares times past 2^53 digit for digit', () => {
    const big = { ...scanned, latest_scan_time: '9007199254740993' };
    expect(types({ ...scanned, latest_scan_time: '9007199254740992' }, big)).toEqual(['rescanned']);
  });

  it('a severity change keeps the level before and after', () => {
    expect(diffImage(scanned, { ...scanned, severity_level: 'High' })).toEqual([
      {
        eventType: 'severity_changed',
        before: { severity_level: 'Low' },
        after: { severity_level: 'High' },
      },
    ]);
  });

  it('a count change is a risk change with all three counts before and after', () => {
    expect(diffImage(scanned, { ...scanned, malicious_file_num: 2 })).toEqual([
      {
        eventType: 'risk_changed',
        before: { vul_num: 3, malicious_file_num: 0, unsafe_setting_num: 1 },
        after: { vul_num: 3, malicious_file_num: 2, unsafe_setting_num: 1 },
      },
    ]);
  });

  it('entering a failure state is a scan failure; moving between failures is not; success after one is a recovery', () => {
    const failed = {
      ...scanned,
      scan_status: 'failed',
      scan_failed_code: 'x',
      scan_failed_desc: 'y',
    };
    expect(types(scanned, failed)).toEqual(['scan_failed']);
    expect(diffImage(scanned, failed)[0]?.after).toEqual({
      scan_status: 'failed',
      scan_failed_code: 'x',
      scan_failed_desc: 'y',
    });
    expect(types(failed, { ...failed, scan_status: 'download_failed' })).toEqual([]);
    expect(types(failed, scanned)).toEqual(['scan_recovered']);
    expect(types(failed, { ...scanned, scan_status: 'scanning' })).toEqual([]);
  });

  it('a rescan that changes everything makes one event per concern', () => {
    const after = {
      ...scanned,
      latest_scan_time: '1700000009999',
      severity_level: 'High',
      vul_num: 9,
      latest_version: 0,
    };
    expect(types(scanned, after)).toEqual([
      'rescanned',
      'severity_changed',
      'risk_changed',
      'latest_version_changed',
    ]);
  });

  it('a removed image is described as it last stood', () => {
    expect(removedImage(scanned)).toEqual({
      eventType: 'removed',
      before: {
        scan_status: 'success',
        severity_level: 'Low',
        vul_num: 3,
        malicious_file_num: 0,
        unsafe_setting_num: 1,
      },
      after: null,
    });
  });
});
