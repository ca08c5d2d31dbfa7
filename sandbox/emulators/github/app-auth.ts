import { createPublicKey, createVerify, type KeyObject, randomBytes } from 'node:crypto';
import type { TokenRegistry } from './auth.js';
import { ApiError, notFound } from './errors.js';
import type { EmulatorState } from './repo-store.js';

/**
 * GitHub App authentication: the app signs a JWT (RS256) with its private key and exchanges it
 * at `POST /app/installations/{id}/access_tokens` for an installation token valid one hour.
 * GitHub verifies the signature with the app's public key, requires `iat` no later than now
 * (60 s of clock drift allowed), `exp` after now and at most 10 minutes after `iat`, and `iss`
 * naming the app (its ID or client ID). Messages are GitHub's.
 */

export interface EmulatedApp {
  id: number;
  slug: string;
  /** PEM public key matching the private key the client signs with. */
  publicKey: string;
  clientId?: string;
  installations: Array<{
    id: number;
    /** e.g. { contents: 'write', pull_requests: 'write', metadata: 'read' } (the default). */
    permissions?: Record<string, 'read' | 'write'>;
  }>;
}

const DEFAULT_PERMISSIONS: Record<string, 'read' | 'write'> = {
  contents: 'write',
  pull_requests: 'write',
  metadata: 'read',
};

const TOKEN_LIFETIME_MS = 3_600_000;
const DOCS = 'https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app';

const unauthorized = (message: string): ApiError => new ApiError(401, message);

function decodePart(part: string): Record<string, unknown> {
  const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return value as Record<string, unknown>;
}

export class AppRegistry {
  private readonly apps: Array<EmulatedApp & { key: KeyObject }>;

  constructor(
    apps: readonly EmulatedApp[],
    private readonly now: () => Date,
  ) {
    this.apps = apps.map((app) => ({ ...app, key: createPublicKey(app.publicKey) }));
  }

  /** The app a JWT proves to be, or GitHub's 401. */
  verify(jwt: string | undefined): EmulatedApp {
    const parts = (jwt ?? '').split('.');
    if (parts.length !== 3) throw unauthorized('A JSON web token could not be decoded');
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      header = decodePart(parts[0]!);
      claims = decodePart(parts[1]!);
    } catch {
      throw unauthorized('A JSON web token could not be decoded');
    }
    if (header.alg !== 'RS256') throw unauthorized('A JSON web token could not be decoded');
    const app = this.apps.find(
      (a) => String(claims.iss) === String(a.id) || (a.clientId !== undefined && claims.iss === a.clientId),
    );
    if (!app) throw unauthorized("'Issuer' claim ('iss') must be an Integer");
    const signed = createVerify('RSA-SHA256').update(`${parts[0]}.${parts[1]}`);
    if (!signed.verify(app.key, Buffer.from(parts[2]!, 'base64url')))
      throw unauthorized('A JSON web token could not be decoded');
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    const { iat, exp } = claims;
    if (typeof iat !== 'number' || !Number.isInteger(iat) || iat > nowSeconds + 60)
      throw unauthorized(
        "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
      );
    if (typeof exp !== 'number' || !Number.isInteger(exp) || exp <= nowSeconds)
      throw unauthorized(
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
      );
    if (exp - iat > 600 || exp > nowSeconds + 600)
      throw unauthorized("'Expiration time' claim ('exp') is too far in the future");
    return app;
  }

  /** POST /app/installations/{id}/access_tokens */
  createInstallationToken(
    app: EmulatedApp,
    installationId: number,
    state: EmulatorState,
    tokens: TokenRegistry,
  ): { status: number; body: Record<string, unknown> } {
    const installation = app.installations.find((i) => i.id === installationId);
    if (!installation) throw notFound();
    const permissions = installation.permissions ?? DEFAULT_PERMISSIONS;
    const token = `ghs_${randomBytes(18).toString('base64url')}`;
    const expiresAt = this.now().getTime() + TOKEN_LIFETIME_MS;
    tokens.add(token, state.user(`${app.slug}[bot]`, 'Bot'), {
      expiresAt,
      readOnly: permissions.contents !== 'write' || permissions.pull_requests !== 'write',
    });
    return {
      status: 201,
      body: {
        token,
        expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        permissions,
        repository_selection: 'all',
      },
    };
  }
}

export const APP_TOKEN_DOCS = DOCS;
