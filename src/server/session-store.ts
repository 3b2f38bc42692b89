// Dashboard sessions in the inventory database (SQLite or the PostgreSQL that replicas share),
// so that a cookie issued by one replica is honoured by every other, and signing out or revoking
// all sessions takes effect everywhere at once. The cookie carries a random 256-bit id; the
// table keeps only its HMAC-SHA256 keyed with the dashboard token, so a copy of the database
// signs nobody in, and a new DASHBOARD_TOKEN ends every session signed in with the old one.
import { createHmac, randomBytes } from 'node:crypto';
import type { InventoryDb } from './store/db';
import { DASHBOARD_TOKEN_HOLDER, type Principal } from './auth/principal';

/** A session ends this long after sign-in, however active. */
export const SESSION_LIFETIME_MS = 7 * 24 * 3_600_000;
/** ...or after this long without a request. */
export const SESSION_IDLE_TIMEOUT_MS = 12 * 3_600_000;
/** `last_seen_at` is written at most this often per session: reads stay reads. */
const TOUCH_INTERVAL_MS = 60_000;
/** Longer than any id this store issues (43 base64url characters); refused unread. */
const MAX_ID_LENGTH = 128;

export interface SessionStoreOptions {
  db: InventoryDb;
  /** The dashboard token: sessions are bound to it. */
  key: string;
  now?: () => number;
}

export class SessionStore {
  private readonly db: InventoryDb;
  private readonly key: string;
  private readonly now: () => number;

  constructor(options: SessionStoreOptions) {
    this.db = options.db;
    this.key = options.key;
    this.now = options.now ?? Date.now;
  }

  private hashOf(id: string): string {
    return createHmac('sha256', this.key).update(id, 'utf8').digest('hex');
  }

  /**
   * A new session for `principal` (default: the dashboard token's holder); returns the id for
   * the cookie. Ended sessions are cleared out on the way.
   */
  async create(principal: Principal = DASHBOARD_TOKEN_HOLDER): Promise<string> {
    const now = this.now();
    await this.db
      .deleteFrom('sessions')
      .where((eb) =>
        eb.or([
          eb('expires_at', '<=', now),
          eb('last_seen_at', '<=', now - SESSION_IDLE_TIMEOUT_MS),
        ]),
      )
      .execute();
    const id = randomBytes(32).toString('base64url');
    await this.db
      .insertInto('sessions')
      .values({
        id_hash: this.hashOf(id),
        created_at: now,
        last_seen_at: now,
        expires_at: now + SESSION_LIFETIME_MS,
        principal: principal === DASHBOARD_TOKEN_HOLDER ? null : JSON.stringify(principal),
      })
      .execute();
    return id;
  }

  /** Whether the id names a live session; a live one is marked as used now. */
  async isValid(id: string | undefined): Promise<boolean> {
    return (await this.principalOf(id)) !== undefined;
  }

  /** Who signed in to the live session the id names (marked as used now); else undefined. */
  async principalOf(id: string | undefined): Promise<Principal | undefined> {
    if (id === undefined || id === '' || id.length > MAX_ID_LENGTH) return undefined;
    const idHash = this.hashOf(id);
    const row = await this.db
      .selectFrom('sessions')
      .select(['expires_at', 'last_seen_at', 'principal'])
      .where('id_hash', '=', idHash)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const now = this.now();
    const lastSeen = Number(row.last_seen_at);
    if (Number(row.expires_at) <= now || lastSeen <= now - SESSION_IDLE_TIMEOUT_MS) {
      await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
      return undefined;
    }
    if (now - lastSeen >= TOUCH_INTERVAL_MS) {
      await this.db
        .updateTable('sessions')
        .set({ last_seen_at: now })
        .where('id_hash', '=', idHash)
        .execute();
    }
    return row.principal === null
      ? DASHBOARD_TOKEN_HOLDER
      : (JSON.parse(row.principal) as Principal);
  }

  /** Ends one session (signing out). */
  async revoke(id: string | undefined): Promise<void> {
    if (id === undefined || id === '' || id.length > MAX_ID_LENGTH) return;
    await this.db.deleteFrom('sessions').where('id_hash', '=', this.hashOf(id)).execute();
  }

  /** Ends every session on every replica; returns how many there were. */
  async revokeAll(): Promise<number> {
    const result = await this.db.deleteFrom('sessions').executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
