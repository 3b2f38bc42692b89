// A real OpenID provider (oidc-provider) on loopback for the sign-in tests: one confidential
// client, PKCE required, the development login form (any password) and the users given here with
// their names and groups. Consent is granted without asking (a first-party app).
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestUser {
  name: string;
  groups: string[];
}

export interface TestProviderOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Where the provider may send the browser after signing out. */
  postLogoutRedirectUri: string;
  users: Record<string, TestUser>;
  /** ID token lifetime in seconds (default one hour, the provider's own). */
  idTokenTtlS?: number;
}

export interface TestProvider {
  issuer: string;
  close(): Promise<void>;
}

export async function startTestProvider(options: TestProviderOptions): Promise<TestProvider> {
  let handler: RequestListener = (_request, response) => response.writeHead(503).end();
  const server = createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: [options.postLogoutRedirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    pkce: { required: () => true },
    // Groups travel in the ID token, as a Keycloak or Entra group mapper puts them.
    claims: { openid: ['sub', 'groups'], profile: ['name'] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(_ctx, id) {
      const user = options.users[id] ?? { name: id, groups: [] };
      return { accountId: id, claims: () => ({ sub: id, name: user.name, groups: user.groups }) };
    },
    async loadExistingGrant(ctx) {
      const { client, session, provider: op } = ctx.oidc;
      if (client === undefined || session?.accountId === undefined) return undefined;
      const grant = new op.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile');
      await grant.save();
      return grant;
    },
    ...(options.idTokenTtlS === undefined ? {} : { ttl: { IdToken: options.idTokenTtlS } }),
    cookies: { keys: ['imagewatch-test-provider-cookie-key'] },
  });
  handler = provider.callback();
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
