// Saved views over HTTP: created, listed, read, renamed and deleted; a view's query must be one
// its list's route accepts (the app's own parameters aside); names are unique; bad input is a 400
// naming the field; an unknown id is a 404. The store on SQLite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import type { SavedView } from '../../shared/contracts';
import { apiCalls } from '../test-support/api-calls';
import { inventoryBackends } from '../test-support/test-backends';
import { createView, deleteView, getView, listViews, updateView } from './view-store';

const { call } = apiCalls();

const highRisk = {
  name: 'High risk in prod',
  list: 'registry',
  query:
    'severity_level=High&namespace=prod&sort_key=vul_num&sort_dir=desc&image=123&lang=zh-CN&latest_scan_time_within=7d&export_columns=all&export_ids=false',
  columns: ['image', 'severity_level', 'vul_num'],
};

describe('saved views', () => {
  it('are created, listed, read, changed and deleted, keeping the query exactly', async () => {
    const created = await call('POST', '/api/views', highRisk);
    expect(created.status).toBe(201);
    const view = created.body as unknown as SavedView;
    expect(view).toMatchObject({ ...highRisk, id: expect.any(String) });

    const listed = await call('GET', '/api/views');
    expect((listed.body.data_list as SavedView[]).map((one) => one.name)).toContain(highRisk.name);
    expect((await call('GET', `/api/views/${view.id}`)).body).toEqual(view);

    const renamed = await call('PUT', `/api/views/${view.id}`, {
      ...highRisk,
      name: 'Prod, high risk',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      id: view.id,
      name: 'Prod, high risk',
      query: highRisk.query,
    });
    expect(Number(renamed.body.updated_at)).toBeGreaterThanOrEqual(view.updated_at);

    expect((await call('DELETE', `/api/views/${view.id}`)).status).toBe(204);
    expect((await call('GET', `/api/views/${view.id}`)).status).toBe(404);
    expect((await call('DELETE', `/api/views/${view.id}`)).status).toBe(404);
  });

  it('refuse to delete a view a rule follows, naming the rules', async () => {
    const view = await call('POST', '/api/views', { ...highRisk, name: 'Followed' });
    const ruleOf = (name: string) => ({
      name,
      view_id: view.body.id,
      event_types: ['appeared'],
      channel: { type: 'webhook', url: 'https://203.0.113.10/hook' },
      mode: 'immediate',
    });
    const rules = await Promise.all(
      ['Nightly check', 'Prod alerts'].map(
        async (name) => (await call('POST', '/api/rules', ruleOf(name))).body,
      ),
    );
    const refused = await call('DELETE', `/api/views/${view.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'conflict',
      reason: 'view_in_use',
      message: expect.stringContaining('2 watch rules (Nightly check, Prod alerts)'),
      rules: rules.map((rule) => ({ id: rule.id, name: rule.name })),
    });
    expect((await call('GET', `/api/views/${view.body.id}`)).status).toBe(200);

    // Once no rule follows it, it goes.
    for (const rule of rules) await call('DELETE', `/api/rules/${String(rule.id)}`);
    expect((await call('DELETE', `/api/views/${view.body.id}`)).status).toBe(204);
  });

  it('refuse a name already taken', async () => {
    const first = await call('POST', '/api/views', { ...highRisk, name: 'Taken' });
    expect(first.status).toBe(201);
    const second = await call('POST', '/api/views', { ...highRisk, name: ' Taken ' });
    expect(second.status).toBe(400);
    expect(second.body).toMatchObject({ error: { field: 'name' } });
  });

  it.each([
    [{ ...highRisk, name: '' }, 'name'],
    [{ ...highRisk, name: 'x'.repeat(101) }, 'name'],
    [{ ...highRisk, list: 'acr' }, 'list'],
    [{ ...highRisk, query: 'severity_level=Dreadful' }, 'query'],
    [{ ...highRisk, query: 'pipeline_type=jenkins' }, 'query'],
    [{ ...highRisk, query: 'limit=5000' }, 'query'],
    [{ ...highRisk, query: 'namespace=a&namespace=b' }, 'query'],
    [{ ...highRisk, query: '?namespace=a' }, 'query'],
    [{ ...highRisk, columns: 'image' }, 'columns'],
    [{ ...highRisk, owner: 'me' }, 'owner'],
  ])('refuse bad input: %j is a 400 naming %s', async (body, field) => {
    const answer = await call('POST', '/api/views', body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'invalid_parameter', field } });
  });

  it('refuse an id that is not one', async () => {
    const answer = await call('GET', '/api/views/abc');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { field: 'id' } });
  });
});

describe.each(inventoryBackends())('the view store on $name', (backend) => {
  it('stores, updates and deletes views', async () => {
    const db = await backend.open();
    try {
      const view = await createView(db, { name: 'a', list: 'cicd', query: 'q=x' }, 1000);
      expect(view).toEqual({
        id: view.id,
        name: 'a',
        list: 'cicd',
        query: 'q=x',
        created_at: 1000,
        updated_at: 1000,
      });
      expect(await getView(db, view.id)).toEqual(view);
      const changed = await updateView(
        db,
        view.id,
        { name: 'b', list: 'cicd', query: '', columns: ['x'] },
        2000,
      );
      expect(changed).toEqual({ ...view, name: 'b', query: '', columns: ['x'], updated_at: 2000 });
      expect(await listViews(db)).toEqual([changed]);
      expect(await deleteView(db, view.id)).toBe(true);
      expect(await listViews(db)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});
