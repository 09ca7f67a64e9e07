// The period every report reads (time spent, satisfaction, chat): two calendar days, both
// included, the first not after the last. One schema, so a report cannot accept a period the
// others refuse (the satisfaction report took one ending before it started).
import { z } from 'zod';
import { CALENDAR_DAY } from './validation';

/** The query parameters as the contract documents them. */
export const reportPeriodParams = z.object({ from: CALENDAR_DAY, to: CALENDAR_DAY }).strict();
/** The period as validated: also the relation of its days. */
export const reportPeriodSchema = reportPeriodParams.refine((q) => q.from <= q.to, { message: 'the period ends before it starts', path: ['to'] });
export type ReportPeriod = z.infer<typeof reportPeriodParams>;
