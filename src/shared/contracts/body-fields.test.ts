import { describe, expect, it } from 'vitest';
import { ApiTokenInputSchema } from './access';
import { RuleInputSchema } from './rules';
import { SavedViewInputSchema } from './views';
import { VIEW_NAME_MAX } from './views-facts';

const messagesOf = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')} ${issue.message}`);

describe('the names and list queries of tokens, saved views and rules', () => {
  it('trims a name and refuses an empty, a long or a non-text one in words', () => {
    expect(ApiTokenInputSchema.parse({ name: '  ci  ' }).name).toBe('ci');
    expect(messagesOf(ApiTokenInputSchema.safeParse({ name: '   ' }))).toEqual([
      'name must not be empty',
    ]);
    expect(
      messagesOf(
        SavedViewInputSchema.safeParse({
          name: 'x'.repeat(VIEW_NAME_MAX + 1),
          list: 'cicd',
          query: '',
        }),
      ),
    ).toContain(`name must have at most ${VIEW_NAME_MAX} characters`);
    expect(messagesOf(ApiTokenInputSchema.safeParse({ name: 7 }))).toEqual(['name must be a text']);
  });

  it('refuses a list query that starts with ? or is too long', () => {
    expect(
      messagesOf(SavedViewInputSchema.safeParse({ name: 'v', list: 'cicd', query: '?a=1' })),
    ).toEqual(['query must not start with ?']);
    const rule = RuleInputSchema.safeParse({ name: 'r', list: 'cicd', query: '?a=1' });
    expect(messagesOf(rule)).toContain('query must not start with ?');
  });
});
