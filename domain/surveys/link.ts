// The survey link in a closing message: /survey/<request id>.<signature>, signed with the
// server's secret (HMAC-SHA256, 128 bits), so it needs no stored token, the same message retried
// carries the same link, and nobody rates a request whose link they were not sent.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { UUID } from '../shared/validation';

const signature = (secret: string, requestId: string) => createHmac('sha256', secret).update(`survey:${requestId}`).digest('base64url').slice(0, 22);

export const surveyToken = (secret: string, requestId: string) => `${requestId}.${signature(secret, requestId)}`;

/** The request a token is for, or null when it was not signed here. */
export function requestOfToken(secret: string, token: string): string | null {
  const [requestId, sig] = token.split('.');
  if (!requestId || !sig || !UUID.test(requestId)) return null;
  const want = Buffer.from(signature(secret, requestId));
  const got = Buffer.from(sig);
  return got.length === want.length && timingSafeEqual(got, want) ? requestId : null;
}

/** The links of the closing message: one per score, so one click answers. */
export function surveyLinks(publicUrl: string, secret: string, requestId: string): Record<number, string> {
  const base = `${publicUrl.replace(/\/$/, '')}/survey/${surveyToken(secret, requestId)}`;
  return Object.fromEntries([5, 4, 3, 2, 1].map((score) => [score, `${base}?score=${score}`]));
}
