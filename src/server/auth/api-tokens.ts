// Personal API tokens for scripts (`Authorization: Bearer <token>`). A token is 256 random bits,
// shown to its owner once; the table keeps only its SHA-256 (a high-entropy secret needs no
// slow hash), so a copy of the database lets nobody in. A token acts with its owner's role and
// scope as they were when it was made (a snapshot: an owner whose groups change makes a new one;
// an admin can revoke any).
import { createHash, randomBytes } from 'node:crypto';
import type { InventoryDb } from '../store/db';
import type { Principal, Role, Scope } from './principal';

interface ApiTokensTable {
  token_hash: string;
  /** The public id, for listing and revoking. */
  id: string;
  name: string;
  owner_user: string;
  owner_name: string;
  role: string;
  /** JSON of the owner's Scope when the token was made. */
  scope: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
}

/** Every personal token starts with this, so that a leaked one is recognisable in a scan. */
export const API_TOKEN_PREFIX = 'iwt_';
/** `last_used_at` is written at most this often per token: reads stay reads. */
const TOUCH_INTERVAL_MS = 60_000;
const MAX_TOKEN_LENGTH = 128;

/** A token as listed: never the token itself. */
export interface ApiTokenInfo {
  id: string;
  name: string;
  user: string;
  role: Role;
  scope: Scope;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
}

function hashOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function toInfo(row: ApiTokensTable): ApiTokenInfo {
  return {
    id: row.id,
    name: row.name,
    user: row.owner_user,
    role: row.role as Role,
    scope: JSON.parse(row.scope) as Scope,
    created_at: Number(row.created_at),
    last_used_at: row.last_used_at === null ? null : Number(row.last_used_at),
    expires_at: row.expires_at === null ? null : Number(row.expires_at),
  };
}

export class ApiTokenStore {
  constructor(
    private readonly db: InventoryDb,
    private readonly now: () => number = Date.now,
  ) {}

  private table() {
    return this.db.withTables<{ api_tokens: ApiTokensTable }>();
  }

  /** A new token for `owner`; the answer is the only place the token ever appears. */
  async create(
    owner: Principal,
    name: string,
    expiresAt: number | null,
  ): Promise<ApiTokenInfo & { token: string }> {
    const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row: ApiTokensTable = {
      token_hash: hashOf(token),
      id: randomBytes(9).toString('base64url'),
      name,
      owner_user: owner.user,
      owner_name: owner.name,
      role: owner.role,
      scope: JSON.stringify(owner.scope),
      created_at: this.now(),
      last_used_at: null,
      expires_at: expiresAt,
    };
    await this.table().insertInto('api_tokens').values(row).execute();
    return { ...toInfo(row), token };
  }

  /** Tokens of one owner, or of everyone (`undefined`), newest first. */
  async list(ownerUser: string | undefined): Promise<ApiTokenInfo[]> {
    let query = this.table().selectFrom('api_tokens').selectAll();
    if (ownerUser !== undefined) query = query.where('owner_user', '=', ownerUser);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id').execute();
    return rows.map(toInfo);
  }

  /** Revokes a token of `ownerUser` (any owner's when `undefined`); whether one was revoked. */
  async revoke(id: string, ownerUser: string | undefined): Promise<boolean> {
    let query = this.table().deleteFrom('api_tokens').where('id', '=', id);
    if (ownerUser !== undefined) query = query.where('owner_user', '=', ownerUser);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** The principal a presented token acts as; undefined when unknown or expired. */
  async principalFor(token: string): Promise<Principal | undefined> {
    if (!token.startsWith(API_TOKEN_PREFIX) || token.length > MAX_TOKEN_LENGTH) return undefined;
    const tokenHash = hashOf(token);
    const row = await this.table()
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    const now = this.now();
    if (row === undefined || (row.expires_at !== null && Number(row.expires_at) <= now))
      return undefined;
    if (row.last_used_at === null || now - Number(row.last_used_at) >= TOUCH_INTERVAL_MS) {
      await this.table()
        .updateTable('api_tokens')
        .set({ last_used_at: now })
        .where('token_hash', '=', tokenHash)
        .execute();
    }
    const info = toInfo(row);
    return { user: row.owner_user, name: row.owner_name, role: info.role, scope: info.scope };
  }
}
