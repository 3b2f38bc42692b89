// Issue 17, finding 10: sessions behind a load balancer. Two BFF processes (src/server/main.ts)
// on one PostgreSQL: a cookie issued by one is honoured by the other, signing out on one ends
// the session on both, and revoking all sessions ends every one everywhere. Needs PostgreSQL
// binaries or TEST_DATABASE_URL (fails otherwise, naming the install command).
import { describe, expect, it } from 'vitest';
import { useReplicaSet } from './test-support/replica-set';

const TOKEN = 'sessions-replicas-test-token-0123456789';

interface Replica {
  origin: string;
}

const replicaSet = useReplicaSet({
  token: TOKEN,
  estate: { seed: 8, registryImages: 50, cicdImages: 10 },
  stopSignal: 'SIGTERM',
});

async function startReplica(): Promise<Replica> {
  const { url } = await replicaSet.start({ LOG_LEVEL: 'warn' });
  return { origin: url };
}

/** Signs in on a replica with the token on a page URL; returns the `name=value` cookie pair. */
async function signIn(replica: Replica): Promise<string> {
  const response = await fetch(`${replica.origin}/?token=${TOKEN}`, { redirect: 'manual' });
  expect(response.status).toBe(303);
  const pair = /^([^=;\s]+=[^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  if (pair === undefined) throw new Error('no session cookie');
  return pair;
}

async function accountsStatus(replica: Replica, cookie: string): Promise<number> {
  const response = await fetch(`${replica.origin}/api/accounts`, { headers: { cookie } });
  await response.arrayBuffer();
  return response.status;
}

/** A POST as the app's own page sends it (same origin). */
async function postFromApp(replica: Replica, route: string, cookie: string): Promise<number> {
  const response = await fetch(`${replica.origin}${route}`, {
    method: 'POST',
    headers: { cookie, origin: replica.origin },
  });
  await response.arrayBuffer();
  return response.status;
}

describe('sessions shared by two replicas on one PostgreSQL', () => {
  it('honour a cookie from either replica, and sign out or revoke on both', async () => {
    const a = await startReplica();
    const b = await startReplica();

    const cookie = await signIn(a);
    expect(await accountsStatus(a, cookie)).toBe(200);
    expect(await accountsStatus(b, cookie)).toBe(200);

    // Signing out on B ends the session A issued.
    expect(await postFromApp(b, '/api/session/logout', cookie)).toBe(204);
    expect(await accountsStatus(a, cookie)).toBe(401);
    expect(await accountsStatus(b, cookie)).toBe(401);

    // Revoking every session on A ends those issued by both.
    const fromA = await signIn(a);
    const fromB = await signIn(b);
    expect(await accountsStatus(b, fromA)).toBe(200);
    expect(await accountsStatus(a, fromB)).toBe(200);
    expect(await postFromApp(a, '/api/session/revoke-all', fromA)).toBe(204);
    for (const replica of [a, b])
      for (const session of [fromA, fromB])
        expect(await accountsStatus(replica, session)).toBe(401);
  }, 90_000);
});
