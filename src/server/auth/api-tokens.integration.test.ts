// Sessions carry who signed in, and personal API tokens act as their owner: shown once, stored
// hashed, refused once revoked or expired, listed with their last use.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { API_ROUTES, fillPath, type CreatedApiToken } from '../../shared/contracts';
import { SessionStore } from '../session-store';
import { openInventory } from '../store/db';
import { TEST_TOKEN, useHarness, type Harness } from '../test-support/bff-harness';
import { ApiTokenStore } from './api-tokens';
import type { Principal } from './principal';

let harness: Harness;
useHarness((started) => (harness = started));

const VIEWER: Principal = {
  user: 'sub-viewer',
  name: 'Vera Viewer',
  role: 'viewer',
  scope: { accounts: ['huawei-demo'], namespaces: ['prod-*'] },
};

/** A browser signed in (a session in the database) as `principal`. */
async function signedIn(principal: Principal) {
  const id = await new SessionStore({ db: harness.db, key: TEST_TOKEN }).create(principal);
  return { cookie: `imagewatch_session=${id}`, 'sec-fetch-site': 'same-origin' };
}

type SessionHeaders = Awaited<ReturnType<typeof signedIn>>;

/** A request of the browser signed in with `headers`, not of the harness's dashboard token. */
function injectAs(
  headers: SessionHeaders,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  payload?: object,
) {
  return harness.inject({ method, url, headers, auth: false, ...(payload ? { payload } : {}) });
}

describe('GET /api/session', () => {
  it('answers the session’s user, role and scope; the dashboard token is an unscoped admin', async () => {
    const viewer = await injectAs(await signedIn(VIEWER), 'GET', API_ROUTES.session);
    expect(JSON.parse(viewer.body)).toEqual({
      user: 'sub-viewer',
      name: 'Vera Viewer',
      role: 'viewer',
      scope: { accounts: ['huawei-demo'], namespaces: ['prod-*'] },
    });
    const admin = await harness.inject({ method: 'GET', url: API_ROUTES.session });
    expect(JSON.parse(admin.body)).toMatchObject({
      role: 'admin',
      scope: { accounts: null, namespaces: null },
    });
  });
});

describe('personal API tokens', () => {
  it('are shown once, stored hashed, act as their owner until revoked', async () => {
    const headers = await signedIn(VIEWER);
    const created = await injectAs(headers, 'POST', API_ROUTES.tokens, { name: 'ci script' });
    expect(created.statusCode).toBe(201);
    const token = JSON.parse(created.body) as CreatedApiToken;
    expect(token).toMatchObject({ name: 'ci script', role: 'viewer', user: 'sub-viewer' });
    expect(token.token).toMatch(/^iwt_[A-Za-z0-9_-]{43}$/);

    const { rows } = await sql<Record<string, unknown>>`select * from api_tokens`.execute(
      harness.db,
    );
    expect(JSON.stringify(rows)).not.toContain(token.token);

    const bearer = { authorization: `Bearer ${token.token}` };
    const session = await harness.inject({
      method: 'GET',
      url: API_ROUTES.session,
      headers: bearer,
    });
    expect(JSON.parse(session.body)).toMatchObject({ user: 'sub-viewer', role: 'viewer' });
    expect(JSON.parse(session.body).scope).toEqual(VIEWER.scope);
    const refresh = await harness.inject({
      method: 'POST',
      url: API_ROUTES.syncRefresh,
      headers: bearer,
      payload: {},
    });
    expect(refresh.statusCode).toBe(403);

    const listed = await injectAs(headers, 'GET', API_ROUTES.tokens);
    expect(listed.body).not.toContain(token.token);
    const [summary] = (JSON.parse(listed.body) as { data_list: CreatedApiToken[] }).data_list;
    expect(summary).toMatchObject({ id: token.id, name: 'ci script' });
    expect(summary?.last_used_at).toEqual(expect.any(Number));

    const revoked = await injectAs(headers, 'DELETE', fillPath(API_ROUTES.token, { id: token.id }));
    expect(revoked.statusCode).toBe(204);
    const after = await harness.inject({ method: 'GET', url: API_ROUTES.session, headers: bearer });
    expect(after.statusCode).toBe(401);
  });

  it('lets an admin see and revoke anyone’s, and nobody else another’s', async () => {
    const mine = await harness.inject({
      method: 'POST',
      url: API_ROUTES.tokens,
      payload: { name: 'admin' },
    });
    const id = (JSON.parse(mine.body) as CreatedApiToken).id;
    const headers = await signedIn({ ...VIEWER, user: 'someone-else' });
    const theirs = await injectAs(headers, 'GET', API_ROUTES.tokens);
    expect(JSON.parse(theirs.body)).toEqual({ data_list: [] });
    const url = fillPath(API_ROUTES.token, { id });
    const refused = await injectAs(headers, 'DELETE', url);
    expect(refused.statusCode).toBe(404);
    const other = await injectAs(headers, 'POST', API_ROUTES.tokens, { name: 'x' });
    const all = await harness.inject({ method: 'GET', url: API_ROUTES.tokens });
    const ids = (JSON.parse(all.body) as { data_list: CreatedApiToken[] }).data_list.map(
      (t) => t.id,
    );
    expect(ids).toEqual(
      expect.arrayContaining([id, (JSON.parse(other.body) as CreatedApiToken).id]),
    );
    expect((await harness.inject({ method: 'DELETE', url })).statusCode).toBe(204);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    for (const [payload, field] of [
      [{ name: '' }, 'name'],
      [{ name: 'a', expires_at: 'tomorrow' }, 'expires_at'],
      [{ name: 'a', expires_at: 1000 }, 'expires_at'],
      [{ name: 'a', role: 'admin' }, 'role'],
    ] as const) {
      const response = await harness.inject({ method: 'POST', url: API_ROUTES.tokens, payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(JSON.parse(response.body).error.field, JSON.stringify(payload)).toBe(field);
    }
  });

  it('stops acting once expired', async () => {
    const db = await openInventory(':memory:');
    let now = 1_000_000;
    const store = new ApiTokenStore(db, () => now);
    const { token } = await store.create(VIEWER, 'short', now + 60_000);
    expect(await store.principalFor(token)).toEqual(VIEWER);
    now += 60_000;
    expect(await store.principalFor(token)).toBeUndefined();
    expect(await store.principalFor(`${token}x`)).toBeUndefined();
    await db.destroy();
  });
});
