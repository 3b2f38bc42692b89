// Single sign-on with OpenID Connect (openid-client): the authorization code flow with PKCE,
// `state` and `nonce`. The pending sign-in (verifier, state, nonce, where to return) lives in a
// short-lived HttpOnly cookie sealed with an HMAC keyed by the dashboard token, so that any
// replica can finish a sign-in another began and a browser cannot alter it. The ID token's
// claims give the user (sub), their name and groups; the groups give role and scope
// (access.ts); a user in no listed group is refused.
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as client from 'openid-client';
import type { OidcConfig } from '../config';
import { resolveAccess, type AccessRule } from './access';
import type { Principal } from './principal';

/** The cookie holding the pending sign-in, sent back only to the callback. */
export const PENDING_SIGN_IN_COOKIE = 'imagewatch_oidc';
/** A sign-in must be finished within this long of being started. */
export const PENDING_SIGN_IN_LIFETIME_MS = 10 * 60_000;
const DISCOVERY_TIMEOUT_S = 10;
const MAX_COOKIE_LENGTH = 2048;

export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  /** The app's path to open afterwards (always one leading slash: never another site). */
  returnTo: string;
  expiresAt: number;
}

function mac(key: string, payload: string): Buffer {
  return createHmac('sha256', key).update(`oidc-pending.${payload}`, 'utf8').digest();
}

export function sealPendingSignIn(key: string, pending: PendingSignIn): string {
  const payload = Buffer.from(JSON.stringify(pending), 'utf8').toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** The pending sign-in of a cookie; undefined when absent, altered or malformed. */
export function unsealPendingSignIn(
  key: string,
  sealed: string | undefined,
): PendingSignIn | undefined {
  if (sealed === undefined || sealed.length > MAX_COOKIE_LENGTH) return undefined;
  const [payload = '', signature = ''] = sealed.split('.');
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as PendingSignIn;
  } catch {
    return undefined;
  }
}

/** A path inside the app to return to: anything else (another site, `//host`) is `/`. */
export function safeReturnPath(value: string | undefined): string {
  if (value === undefined || !/^\/(?![/\\])/.test(value) || value.length > 1024) return '/';
  return value;
}

/** Why a sign-in was refused; `status` is the HTTP answer. */
export class SignInRefused extends Error {
  constructor(
    readonly status: 400 | 403 | 502,
    message: string,
  ) {
    super(message);
  }
}

function groupsOf(claim: unknown): string[] {
  if (typeof claim === 'string') return [claim];
  if (Array.isArray(claim))
    return claim.filter((group): group is string => typeof group === 'string');
  return [];
}

export interface OidcSignInOptions {
  config: OidcConfig;
  accessRules: readonly AccessRule[];
  /** Seals the pending sign-in cookie (the dashboard token, shared by replicas). */
  key: string;
  now?: () => number;
}

export class OidcSignIn {
  private discovered: Promise<client.Configuration> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: OidcSignInOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The provider's configuration, discovered once (again after a failure). */
  private provider(): Promise<client.Configuration> {
    if (this.discovered !== undefined) return this.discovered;
    const { issuer, clientId, clientSecret } = this.options.config;
    const issuerUrl = new URL(issuer);
    this.discovered = client
      .discovery(
        issuerUrl,
        clientId,
        // The app's clock, for ID token times (tests move it; 0 in production).
        { [client.clockSkew]: Math.round((this.now() - Date.now()) / 1000) },
        client.ClientSecretPost(clientSecret),
        {
          timeout: DISCOVERY_TIMEOUT_S,
          // config.ts allows plain http only for a provider on loopback.
          ...(issuerUrl.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
        },
      )
      .catch((error: unknown) => {
        this.discovered = undefined;
        throw new SignInRefused(502, `The sign-in provider cannot be reached: ${String(error)}`);
      });
    return this.discovered;
  }

  /** Where to send the browser to sign in, and the sealed cookie to set meanwhile. */
  async start(returnTo: string | undefined): Promise<{ url: string; cookie: string }> {
    const provider = await this.provider();
    const verifier = client.randomPKCECodeVerifier();
    const pending: PendingSignIn = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier,
      returnTo: safeReturnPath(returnTo),
      expiresAt: this.now() + PENDING_SIGN_IN_LIFETIME_MS,
    };
    const url = client.buildAuthorizationUrl(provider, {
      redirect_uri: this.options.config.redirectUri,
      scope: 'openid profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, cookie: sealPendingSignIn(this.options.key, pending) };
  }

  /**
   * Finishes a sign-in at the callback: checks state, nonce, the ID token (signature, issuer,
   * audience, expiry) through the code exchange, then maps the groups to a role and scope.
   */
  async finish(
    callbackUrl: URL,
    sealed: string | undefined,
  ): Promise<{ principal: Principal; returnTo: string }> {
    const pending = unsealPendingSignIn(this.options.key, sealed);
    if (pending === undefined || pending.expiresAt <= this.now())
      throw new SignInRefused(
        400,
        'This sign-in was not started here or took too long; start again.',
      );
    const provider = await this.provider();
    // The provider's answer is checked against the redirect URI it was sent to.
    const current = new URL(this.options.config.redirectUri);
    current.search = callbackUrl.search;
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(provider, current, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (error) {
      throw new SignInRefused(400, `The sign-in could not be verified: ${describe(error)}`);
    }
    if (claims === undefined) throw new SignInRefused(400, 'The provider sent no ID token.');
    const groups = groupsOf(claims[this.options.config.groupsClaim]);
    const access = resolveAccess(this.options.accessRules, groups);
    if (access === undefined)
      throw new SignInRefused(403, 'None of your groups is given access to Imagewatch.');
    const name =
      [claims.name, claims.preferred_username, claims.email].find(
        (value): value is string => typeof value === 'string' && value !== '',
      ) ?? claims.sub;
    return { principal: { user: claims.sub, name, ...access }, returnTo: pending.returnTo };
  }

  /** The provider's sign-out page for this app, when it has one (RP-initiated logout). */
  async endSessionUrl(postLogoutRedirect: string): Promise<string | undefined> {
    const provider = await this.provider().catch(() => undefined);
    if (provider?.serverMetadata().end_session_endpoint === undefined) return undefined;
    return client.buildEndSessionUrl(provider, {
      client_id: this.options.config.clientId,
      post_logout_redirect_uri: postLogoutRedirect,
    }).href;
  }
}

/**
 * The library's reason with its causes (they name the claim or parameter), never the response
 * body (which may echo codes or tokens).
 */
function describe(error: unknown): string {
  const reasons: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    reasons.push(current.message);
    current = current.cause;
  }
  return reasons.length === 0 ? 'unknown error' : reasons.join(': ');
}
