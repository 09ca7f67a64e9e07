// The answer to a filed request: 201 with its Location, or 200 when an Idempotency-Key replayed it.
export const filedReply = <T extends { id: string }>({ request, replayed }: { request: T; replayed: boolean }) => ({
  status: replayed ? (200 as const) : (201 as const),
  body: { request },
  headers: { Location: `/api/requests/${request.id}` },
});
