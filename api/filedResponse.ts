// The answer to a filed request: 201 with its Location, or 200 when an Idempotency-Key replayed it.
import type { Response } from 'express';

export function sendFiled(res: Response, request: { id: string }, replayed: boolean): void {
  res
    .status(replayed ? 200 : 201)
    .location(`/api/requests/${request.id}`)
    .json({ request });
}
