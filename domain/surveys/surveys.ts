// Satisfaction surveys: after a request is closed as done, its client rates it, 1 to 5, with an
// optional comment: one click on a link of the closing message (link.ts; the page sends the
// score, so a mail scanner opening the link records nothing), or from the portal. One answer per
// request, within ANSWER_DAYS of closing; the comment may follow the score. The answer goes to
// the outbox (survey.answered with its score, for ClickHouse); a score of LOW_SCORE or less
// alerts the department's supervisors (alerts.ts). The report sums the answers per score over
// the incidents the reader works.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { hasRole, type Actor } from '../access/identity';
import { audit } from '../shared/audit';
import { conflict, forbidden, notFound, invalid } from '../shared/errors';
import { recordEvent } from '../shared/events';
import { parseInput, UUID } from '../shared/validation';
import { reportPeriodSchema } from '../shared/reportPeriod';
import { requestNumber } from '../shared/requestNumber';
import { requestOfToken } from './link';
import { addComment, insertAnswer, lowAnswersInScope, scoresInScope, surveyedRequest } from './surveyRepository';

/** A link answers for a month after closing; later the memory of the work is gone. */
export const ANSWER_DAYS = 30;
/** Scores that alert the supervisors: "poor" and "very poor". */
export const LOW_SCORE = 2;

export const surveyAnswerSchema = z
  .object({
    score: z.number().int().min(1).max(5).describe('1 (very poor) to 5 (excellent)'),
    comment: z.string().trim().max(2000).optional(),
  })
  .strict();

export const surveyViewSchema = z.object({
  ref: z.string(),
  title: z.string(),
  locale: z.string(),
  /** open: may be answered; answered: done; closed: too late or not closed as done. */
  state: z.enum(['open', 'answered', 'closed']),
  score: z.number().int().nullable(),
  comment: z.string().nullable(),
});
export type SurveyView = z.infer<typeof surveyViewSchema>;

export const surveyReportSchema = z.object({
  answers: z.number().int(),
  average: z.number().nullable(),
  byScore: z.record(z.string(), z.number().int()),
  low: z.array(
    z.object({
      requestId: z.string(),
      incidentId: z.string().nullable(),
      title: z.string(),
      score: z.number().int(),
      comment: z.string(),
      answeredAt: z.string(),
    }),
  ),
});

type Surveyed = NonNullable<Awaited<ReturnType<typeof surveyedRequest>>>;

export class SurveyService {
  constructor(
    private readonly db: Database,
    private readonly secret: string,
  ) {}

  private open(r: Surveyed, now: Date): boolean {
    return r.status === 'CLOSED' && r.closeReason === 'resolved' && !!r.closedAt && now.getTime() - r.closedAt.getTime() <= ANSWER_DAYS * 86_400_000;
  }

  private view(r: Surveyed, now: Date): SurveyView {
    return {
      ref: requestNumber(r.id),
      title: r.title ?? r.serviceName,
      locale: r.locale,
      state: r.score !== null ? 'answered' : this.open(r, now) ? 'open' : 'closed',
      score: r.score,
      comment: r.comment,
    };
  }

  private async byToken(token: string): Promise<Surveyed> {
    const requestId = requestOfToken(this.secret, token);
    const r = requestId ? await surveyedRequest(this.db, requestId) : undefined;
    if (!r) throw notFound('survey');
    return r;
  }

  async get(token: string, now = new Date()): Promise<SurveyView> {
    return this.view(await this.byToken(token), now);
  }

  async answerByLink(token: string, body: unknown, now = new Date()): Promise<SurveyView> {
    return this.answer(await this.byToken(token), body, 'link', null, now);
  }

  /** The requester rates their own request from the portal. */
  async answerAsRequester(actor: Actor, requestId: string, body: unknown, now = new Date()): Promise<SurveyView> {
    const r = UUID.test(requestId) ? await surveyedRequest(this.db, requestId, actor) : undefined;
    if (!r || !r.access) throw notFound('request');
    if (r.access !== 'requester') throw forbidden('the client of the request rates it');
    return this.answer(r, body, 'portal', actor.id, now);
  }

  private async answer(r: Surveyed, body: unknown, channel: 'link' | 'portal', actorId: string | null, now: Date): Promise<SurveyView> {
    const input = parseInput(surveyAnswerSchema, body);
    const comment = input.comment ?? '';
    if (r.score !== null) {
      // The comment may follow the score (the page sends the click first); a second score may not.
      if (r.score !== input.score) throw conflict('this request is rated already');
      if (comment && !r.comment) await addComment(this.db, r.id, comment);
      return this.view((await surveyedRequest(this.db, r.id))!, now);
    }
    if (!this.open(r, now)) {
      throw r.status === 'CLOSED' && r.closeReason === 'resolved'
        ? conflict(`the survey closed ${ANSWER_DAYS} days after the request`)
        : invalid([{ field: 'score', message: 'only a request closed as done is rated' }]);
    }
    await this.db.transaction().execute(async (trx) => {
      const answer = { requestId: r.id, incidentId: r.incidentId, departmentId: r.departmentId ?? r.serviceDepartmentId, score: input.score, comment, channel };
      if (!(await insertAnswer(trx, answer))) return;
      await recordEvent(trx, { type: 'survey.answered', requestId: r.id, incidentId: r.incidentId, actorId, score: input.score });
      await audit(trx, {
        entityType: 'request',
        entityId: r.id,
        incidentId: r.incidentId,
        actorId,
        action: 'survey.answered',
        after: { score: input.score, channel },
      });
    });
    return this.view((await surveyedRequest(this.db, r.id))!, now);
  }

  /** Answers per score, the average and the latest low ones, on the incidents the reader works. */
  async report(actor: Actor, query: unknown) {
    if (!hasRole(actor, 'supervisor', 'admin')) throw forbidden('the satisfaction report is for supervisors and admins');
    const q = parseInput(reportPeriodSchema, query);
    if (q.from > q.to) throw invalid([{ field: 'to', message: 'the period ends before it starts' }]);
    const [scores, low] = await Promise.all([scoresInScope(this.db, actor, q.from, q.to), lowAnswersInScope(this.db, actor, q.from, q.to, LOW_SCORE, 20)]);
    const byScore: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    for (const s of scores) byScore[String(s.score)] = Number(s.n);
    const answers = Object.values(byScore).reduce((a, b) => a + b, 0);
    const sum = Object.entries(byScore).reduce((a, [score, n]) => a + Number(score) * n, 0);
    return {
      answers,
      average: answers ? Math.round((sum / answers) * 100) / 100 : null,
      byScore,
      low: low.map((l) => ({ ...l, title: l.title, answeredAt: l.answeredAt.toISOString() })),
    };
  }
}
