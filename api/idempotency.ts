// Idempotency-Key for create calls that have no key of their own (comments, admin tables):
// the first answer is kept per caller and key; a retry with the same body gets it again, a
// different body under the same key is a 409, and a retry while the first call is still
// running is a 409 too (nothing is created twice).
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { type Database } from '../infra/db';
import { idempotencyKeySchema } from '../domain/shared/validation';
import { sendProblem } from './problem';
import { actorOf } from './auth/middleware';
import { claimKey, forgetKey, forgetUnanswered, keepAnswer, keyRecord } from './idempotencyRepository';

const STILL_ANSWERING = 'the first call with this Idempotency-Key is still being answered; retry shortly';

export function idempotentCreate(db: Database) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const key = req.header('Idempotency-Key');
    if (req.method !== 'POST' || key === undefined) return next();
    try {
      const parsed = idempotencyKeySchema.safeParse(key);
      if (!parsed.success)
        return sendProblem(res, 400, 'Bad Request', 'invalid Idempotency-Key', [{ field: 'Idempotency-Key', message: parsed.error.issues[0]!.message }]);
      const actorId = actorOf(req).id;
      const bodyHash = createHash('sha256')
        .update(JSON.stringify(req.body ?? null))
        .digest('hex');
      const record = { actorId, key, method: req.method, path: req.originalUrl, bodyHash };
      if (!(await claimKey(db, record))) {
        const first = await keyRecord(db, actorId, key);
        // The first call failed and let go of the key between our claim and this read (a
        // fuzzer's two quick calls did): the key is free, so this call takes it or waits its turn.
        if (!first && !(await claimKey(db, record))) return sendProblem(res, 409, 'Conflict', STILL_ANSWERING);
        if (!first) return answerOnce(db, actorId, key, res, next);
        if (first.path !== record.path || first.bodyHash !== bodyHash)
          return sendProblem(res, 409, 'Conflict', 'this Idempotency-Key was already used for a different call');
        if (first.status === null) return sendProblem(res, 409, 'Conflict', STILL_ANSWERING);
        return res.status(first.status === 201 ? 200 : first.status).json(first.body);
      }
      answerOnce(db, actorId, key, res, next);
    } catch (error) {
      next(error);
    }
  };
}

/** Lets the claimed call run; keeps its answer when it is a success, forgets the key otherwise, so a corrected retry can pass. */
function answerOnce(db: Database, actorId: string, key: string, res: Response, next: NextFunction): void {
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    const done = res.statusCode < 300 ? keepAnswer(db, actorId, key, res.statusCode, body) : forgetKey(db, actorId, key);
    void done.catch(() => undefined);
    return json(body);
  };
  res.on('finish', () => {
    if (res.statusCode >= 300) void forgetUnanswered(db, actorId, key).catch(() => undefined);
  });
  next();
}
