// A low satisfaction score alerts the supervisors of the incident's department: a pass of the
// main worker (as comment mail) finds the answers of the last day whose supervisors were not
// told yet and tells them, each once (the key survey-low:<request>:<supervisor>).
import type { Database } from '../../infra/db';
import { log } from '../../infra/logger';
import { sendTo } from '../notifications/deliver';
import type { NotificationChannel } from '../notifications/notifier';
import { recipientOf } from '../notifications/preferences';
import { renderTemplate } from '../notifications/templateStore';
import { requestNumber } from '../shared/requestNumber';
import { lowAnswersToAlert } from './surveyRepository';
import { LOW_SCORE } from './surveys';

const LOOK_BACK_MS = 24 * 3600_000;

export async function alertLowScores(db: Database, channel: NotificationChannel): Promise<number> {
  let sent = 0;
  for (const a of await lowAnswersToAlert(db, LOW_SCORE, new Date(Date.now() - LOOK_BACK_MS))) {
    const to = recipientOf({ email: a.email, phone: a.phone }, a.locale, a);
    const vars = { ref: requestNumber(a.requestId), title: a.title, score: a.score, comment: a.comment };
    const { subject, body } = await renderTemplate(db, 'survey-low', a.locale, vars);
    try {
      const key = `survey-low:${a.requestId}:${a.supervisorId}`;
      const about = { event: 'survey-low', recipient: 'supervisors', departmentId: a.departmentId } as const;
      if (await sendTo(db, channel, to, { key, incidentId: a.incidentId, template: 'survey-low', subject, body }, about)) sent++;
    } catch (error) {
      log.warn('low score alert not sent; the next pass retries', { requestId: a.requestId, error: String((error as Error)?.message ?? error) });
    }
  }
  return sent;
}
