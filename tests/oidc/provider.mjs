// A real OpenID Connect provider (panva/oidc-provider) for the single sign-on tests: authorization code flow
// with PKCE, RS256 ID tokens, userinfo, discovery; its development sign-in page accepts any login name.
// usage: node provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI MODULES_DIR
// OIDC_TEST_ACCOUNTS='{"login": "email", ...}' names the email address each login signs in with.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [port, clientId, clientSecret, redirectUri, modulesDir] = process.argv.slice(2);
const entry = pathToFileURL(join(modulesDir, 'node_modules', 'oidc-provider', 'lib', 'index.js')).href;
const { default: Provider } = await import(entry);
const emails = JSON.parse(process.env.OIDC_TEST_ACCOUNTS || '{}');

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: emails[id] ?? `${id}@unknown.example`, email_verified: true, name: id, preferred_username: id };
      },
    };
  },
  cookies: { keys: ['contingent-test-provider'] },
  features: { devInteractions: { enabled: true } },
});
provider.listen(Number(port), '127.0.0.1', () => console.log(`ready ${provider.issuer}`));
