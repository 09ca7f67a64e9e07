// The period every report reads (time spent, satisfaction, chat): two calendar days, both
// included, the first not after the last. One schema, so a report cannot accept a period the
// others refuse (the satisfaction report took one ending before it started). Its days as
// instants are the lists' created-on filter's too (lists/listQuery.ts createdRange).
import { z } from 'zod';
import { CALENDAR_DAY } from './validation';

/** The query parameters as the contract documents them. */
export const reportPeriodParams = z.object({ from: CALENDAR_DAY, to: CALENDAR_DAY }).strict();
/** The period as validated: also the relation of its days. */
export const reportPeriodSchema = reportPeriodParams.refine((q) => q.from <= q.to, { message: 'the period ends before it starts', path: ['to'] });
export type ReportPeriod = z.infer<typeof reportPeriodParams>;

/** The first instant of a calendar day (UTC). */
export const dayStart = (day: string): Date => new Date(`${day}T00:00:00Z`);
/** The first instant after a calendar day (UTC): the exclusive end of a range that includes it. */
export const dayAfter = (day: string): Date => new Date(dayStart(day).getTime() + 86_400_000);
