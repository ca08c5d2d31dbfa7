import { incompleteSignature, missingAuthenticationToken } from './errors.js';

export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

function parseCredential(credential: string): CredentialScope {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || parts.some((p) => p === '')) {
    throw incompleteSignature(
      `Credential should be scoped to a valid region, service and request type: ${credential}. Expected format: AKID/yyyyMMdd/region/service/aws4_request.`,
    );
  }
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  return { accessKeyId, date, region, service };
}

/**
 * Reads the SigV4 credential scope: who is calling, for which region and service. Signatures are
 * not verified (credentials are fake), but a request without any authentication is refused the
 * way AWS refuses it.
 */
export function credentialScope(authorization: string | undefined, query: URLSearchParams): CredentialScope {
  if (authorization === undefined || authorization.trim() === '') {
    const presigned = query.get('X-Amz-Credential');
    if (presigned) return parseCredential(presigned);
    throw missingAuthenticationToken();
  }
  const match = /^AWS4-HMAC-SHA256\s+(.*)$/s.exec(authorization.trim());
  if (!match) throw incompleteSignature(`Authorization header requires the AWS4-HMAC-SHA256 scheme.`);
  const fields = new Map<string, string>();
  for (const part of match[1]!.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  if (!credential) {
    throw incompleteSignature(
      `Authorization header requires 'Credential' parameter. Authorization=${authorization}`,
    );
  }
  if (!fields.get('Signature')) {
    throw incompleteSignature(
      `Authorization header requires 'Signature' parameter. Authorization=${authorization}`,
    );
  }
  return parseCredential(credential);
}
