import { describe, expect, it } from 'vitest';
import { reconcilePreferences, savedColumnChoice } from './use-column-preferences';

const columns = [
  { id: 'image', hiddenByDefault: false },
  { id: 'size', hiddenByDefault: false },
  { id: 'digest', hiddenByDefault: true },
];

describe('reconcilePreferences', () => {
  it('uses the defaults when nothing is stored', () => {
    expect(reconcilePreferences(undefined, columns)).toEqual({
      order: ['image', 'size', 'digest'],
      visible: ['image', 'size'],
    });
  });
  it('keeps the stored choice, drops unknown columns and appends new ones', () => {
    const stored = { order: ['digest', 'gone', 'image'], visible: ['digest', 'gone'] };
    expect(reconcilePreferences(stored, columns)).toEqual({
      order: ['digest', 'image', 'size'],
      visible: ['digest', 'size'],
    });
  });
});

describe('savedColumnChoice', () => {
  it('shows exactly the chosen columns in their order, later columns hidden', () => {
    expect(reconcilePreferences(savedColumnChoice(['size', 'image']), columns)).toEqual({
      order: ['size', 'image', 'digest'],
      visible: ['size', 'image'],
    });
    expect(
      reconcilePreferences(savedColumnChoice(['digest']), [
        ...columns,
        { id: 'new', hiddenByDefault: false },
      ]).visible,
    ).toEqual(['digest']);
  });
});
