// A local OpenID provider for Lederspor's SSO tests and demo: panva's certified `oidc-provider`,
// configured from a JSON file. Usage: node server.mjs config.json
//
// The config (all keys optional except clients and accounts):
//   host, port          where to listen (port 0 = a free port); default 127.0.0.1:0
//   issuer              default http://<host>:<port>
//   clients             oidc-provider client metadata: client_id, client_secret, redirect_uris,
//                       post_logout_redirect_uris (grant: authorization_code, PKCE required)
//   accounts            {login: {claims}}: the login typed on the provider's page and the claims
//                       released (sub defaults to the login); any password is accepted
//   scope_claims        which claims each scope releases (default below)
//   test_endpoints      true: the test-only endpoints under /_test/ (never in a real provider):
//                         PUT /_test/accounts/<login>   replace an account's claims (JSON body)
//                         GET /_test/rogue-jwks          a key set with the signing key's kid but
//                                                        another key (a "wrongly signed" token)
//   misbehave           {client_id: {claim: value}}: ID tokens issued to that client carry these
//                       claims instead (e.g. {"aud": "someone-else"}), re-signed with the real key:
//                       a provider that gets the audience wrong
//   client_credentials  true: machine clients (grant_types ["client_credentials"]) get access
//                       tokens at /token, and resource servers (clients without grants) check
//                       them at /token/introspection (the local OS2mo of the sync tests)
//   service_roles       {client_id: [role]}: the roles a machine client's tokens carry (claim
//                       `roles`, shown by introspection), as Keycloak puts a service account's
//                       roles into every token without the client asking for them
//
// When it listens it prints one JSON line to stdout: {"issuer": "...", "port": N}.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import Provider from 'oidc-provider';

const configPath = process.argv[2];
if (!configPath) {
  console.error('usage: node server.mjs config.json');
  process.exit(2);
}
const config = JSON.parse(readFileSync(configPath, 'utf8'));
const host = config.host ?? '127.0.0.1';
const accounts = new Map(Object.entries(config.accounts ?? {}));
const misbehave = config.misbehave ?? {};
const scopeClaims = config.scope_claims ?? {
  openid: ['sub'],
  email: ['email', 'email_verified'],
  profile: ['name', 'given_name', 'family_name', 'employee_number', 'groups'],
};

const KID = 'lederspor-test-key';
// Keys from WebCrypto (jose), not crypto.generateKeyPairSync + export({format: 'jwk'}): on Node 20
// that pair can deadlock when a garbage collection runs during the export (seen in CI: the
// process hung before listening, with its main thread waiting in ~KeyGenJob).
const signingPair = await generateKeyPair('RS256', { extractable: true });
const roguePair = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await exportJWK(signingPair.privateKey)), kid: KID, alg: 'RS256', use: 'sig' };
const roguePublic = { ...(await exportJWK(roguePair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };

const server = createServer();
server.listen(config.port ?? 0, host, () => {
  const { port } = server.address();
  const issuer = config.issuer ?? `http://${host}:${port}`;
  const provider = buildProvider(issuer);
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer, port })}\n`);
});

function buildProvider(issuer) {
  const provider = new Provider(issuer, {
    clients: config.clients.map((client) => ({
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
      ...client,
    })),
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: scopeClaims,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      clientCredentials: { enabled: Boolean(config.client_credentials) },
      introspection: { enabled: Boolean(config.client_credentials) },
    },
    ttl: config.ttl ?? undefined,
    async extraTokenClaims(ctx, token) {
      const roles = (config.service_roles ?? {})[token.clientId];
      return token.kind === 'ClientCredentials' && roles ? { roles } : undefined;
    },
    async findAccount(ctx, id) {
      const claims = accounts.get(id);
      if (!claims) return undefined;
      return { accountId: id, async claims() { return { sub: id, ...accounts.get(id) }; } };
    },
    // a first-party client: no consent screen (oidc-provider's "skip consent" recipe)
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope(Object.keys(scopeClaims).join(' '));
      await grant.save();
      return grant;
    },
  });
  provider.proxy = false;

  if (config.test_endpoints) {
    provider.use(async (ctx, next) => {
      const match = ctx.path.match(/^\/_test\/accounts\/([^/]+)$/);
      if (match && ctx.method === 'PUT') {
        const chunks = [];
        for await (const chunk of ctx.req) chunks.push(chunk);
        accounts.set(decodeURIComponent(match[1]), JSON.parse(Buffer.concat(chunks).toString('utf8')));
        ctx.status = 204;
        return;
      }
      if (ctx.path === '/_test/rogue-jwks' && ctx.method === 'GET') {
        ctx.body = { keys: [roguePublic] };
        return;
      }
      await next();
    });
  }

  provider.use(async (ctx, next) => {
    await next();
    const clientId = ctx.oidc?.client?.clientId;
    if (ctx.path.endsWith('/token') && ctx.status === 200 && ctx.body?.id_token && misbehave[clientId]) {
      const header = decodeProtectedHeader(ctx.body.id_token);
      const payload = { ...decodeJwt(ctx.body.id_token), ...misbehave[clientId] };
      const key = await importJWK(signingKey, 'RS256');
      ctx.body = { ...ctx.body, id_token: await new SignJWT(payload).setProtectedHeader(header).sign(key) };
    }
  });
  return provider;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
