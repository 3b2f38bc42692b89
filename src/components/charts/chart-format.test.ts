import { describe, expect, it } from 'vitest';
import { createChartFormat } from './chart-format';

const english = createChartFormat('en-US', (value) => value.toLocaleString('en-US'));
const chinese = createChartFormat('zh-CN', (value) => value.toLocaleString('zh-CN'));

describe('chart formats', () => {
  it('write snapshot days in the locale, as the UTC day they are', () => {
    expect(english.day('2024-03-01')).toBe('Mar 1');
    expect(english.day('2024-03-01', true)).toBe('Mar 1, 2024');
    expect(chinese.day('2024-03-01')).toBe('3月1日');
    expect(chinese.day('2024-12-31', true)).toBe('2024年12月31日');
  });

  it('write a share with one decimal, a sliver as under 0.1 %, and no total as a dash', () => {
    expect(english.share(1234, 10_000)).toBe('12.3%');
    expect(chinese.share(1, 3)).toBe('33.3%');
    expect(english.share(1, 100_000)).toBe('<0.1%');
    expect(english.share(0, 10)).toBe('0.0%');
    expect(english.share(3, 0)).toBe('—');
  });

  it('join figures as a phrase of the language', () => {
    expect(english.list(['High risk 3', 'Low risk 1', 'Secure 9'])).toBe(
      'High risk 3, Low risk 1, and Secure 9',
    );
    expect(chinese.list(['高危 3', '低危 1', '安全 9'])).toBe('高危 3、低危 1和安全 9');
  });
});
