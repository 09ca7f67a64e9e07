// Who a visitor is. An anonymous visitor gets a random key; a host product may vouch for its
// signed-in user with a JWT (HS256, signed with CHAT_HOST_SECRET: sub, optional name, exp), and
// the key is then "ext:<sub>", so the same user finds their conversations from any device. Either
// way the desk hands back a visitor token, "<key in base64url>.<HMAC-SHA256 of it>", signed with
// the server's secret: it needs no stored row, and a changed key breaks the signature. The token
// carries its end (CHAT_VISITOR_TOKEN_DAYS); past it, or without one, it is refused like a forgery.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { DomainError, unauthorized } from '../shared/errors';
import { LANGS } from '../shared/languages';
import { parseInput } from '../shared/validation';

export interface Visitor {
  key: string;
  name: string;
  identified: boolean;
}

export const visitorStartSchema = z
  .object({
    identity: z
      .string()
      .max(4096)
      .optional()
      .describe("the host product's signed token for its user (JWT, HS256 with the chat's host secret); none: anonymous"),
    name: z.string().trim().max(100).optional().describe('the name an anonymous visitor gives'),
    lang: z.enum(LANGS).default('ru'),
  })
  .strict();

export const visitorViewSchema = z.object({
  token: z.string().describe('send it as X-Chat-Visitor on every visitor call, and as ?token= to the socket'),
  name: z.string(),
  identified: z.boolean(),
});

const sign = (secret: string, encoded: string) => createHmac('sha256', secret).update(`chat-visitor:${encoded}`).digest('base64url');

export class VisitorTokens {
  private readonly hostKey: Uint8Array | null;
  constructor(
    private readonly secret: string,
    hostSecret: string,
    /** How long a token lives, in days (CHAT_VISITOR_TOKEN_DAYS). */
    private readonly days = 30,
  ) {
    this.hostKey = hostSecret ? new TextEncoder().encode(hostSecret) : null;
  }

  token(v: Visitor): string {
    const expires = Math.floor(Date.now() / 1000 + this.days * 86_400);
    const encoded = Buffer.from(JSON.stringify({ k: v.key, n: v.name, i: v.identified, e: expires })).toString('base64url');
    return `${encoded}.${sign(this.secret, encoded)}`;
  }

  /** The visitor a token was issued to, or a 401 for anything not signed here. */
  visitor(token: string | undefined): Visitor {
    const [encoded, sig] = (token ?? '').split('.');
    if (!encoded || !sig) throw unauthorized('a visitor call needs the visitor token (X-Chat-Visitor)');
    const want = Buffer.from(sign(this.secret, encoded));
    const got = Buffer.from(sig);
    if (got.length !== want.length || !timingSafeEqual(got, want)) throw unauthorized('the visitor token was not issued here');
    const v = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as { k: string; n: string; i: boolean; e?: number };
    if (typeof v.e !== 'number' || v.e * 1000 <= Date.now()) throw unauthorized('the visitor token has expired: start again (POST /api/chat/visitor)');
    return { key: v.k, name: v.n, identified: v.i };
  }

  /** Starts a visitor: anonymous, or the host product's user when its signed identity checks out (401 otherwise). */
  async start(body: unknown): Promise<{ token: string; name: string; identified: boolean }> {
    const input = parseInput(visitorStartSchema, body);
    let visitor: Visitor = { key: `anon:${randomUUID()}`, name: input.name ?? '', identified: false };
    if (input.identity !== undefined) {
      if (!this.hostKey) throw unauthorized('this desk accepts no host identities (CHAT_HOST_SECRET is not set)');
      const claims = await jwtVerify(input.identity, this.hostKey, { algorithms: ['HS256'], requiredClaims: ['sub', 'exp'] }).then(
        (r) => r.payload,
        (error: unknown) => {
          if (error instanceof errors.JOSEError)
            throw new DomainError(401, 'Unauthorized', `identity: ${error.message}`, [{ field: 'identity', message: error.message }]);
          throw error;
        },
      );
      const name = typeof claims.name === 'string' ? claims.name.slice(0, 100) : (input.name ?? '');
      visitor = { key: `ext:${claims.sub}`, name, identified: true };
    }
    return { token: this.token(visitor), name: visitor.name, identified: visitor.identified };
  }
}
