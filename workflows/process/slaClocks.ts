// The incident's two SLA clocks (response and resolution) as the process runs them: started when
// the incident opens, moved by the actions (docs/workflows.md, the clocks table), their warning
// and breach thresholds as the next deadlines of the main loop. The arithmetic in business time
// is domain/slaClock.ts; the clocks themselves live in the process state, so the `state` query
// shows them and time spent survives a change of priority.
import * as sla from '../../domain/process/slaClock';
import type { Action } from '../../domain/process/states';
import type { Priority, ProcessState, Route } from '../../domain/process/types';
import { act } from './steps';

export type ClockName = 'response' | 'resolution';

export interface Deadline {
  at: number;
  run: () => Promise<void>;
}

export class SlaClocks {
  constructor(
    private readonly state: ProcessState,
    private readonly route: Route,
  ) {}

  private get response(): sla.SlaClock {
    return this.state.response!;
  }

  private get resolution(): sla.SlaClock {
    return this.state.resolution!;
  }

  /** Both clocks start with the targets of the priority. */
  start(priority: Priority, now: number): void {
    this.state.response = sla.newClock(this.route.targets[priority].responseMs, now);
    this.state.resolution = sla.newClock(this.route.targets[priority].resolutionMs, now);
  }

  /** When each clock is due, as the incident row shows it. */
  dueAt(now: number): { responseDueAt: number | null; resolutionDueAt: number | null } {
    return {
      responseDueAt: sla.dueAt(this.response, now, this.route.calendar),
      resolutionDueAt: sla.dueAt(this.resolution, now, this.route.calendar),
    };
  }

  /** What an action does to the clocks (setPriority: retarget). */
  onAction(action: Action, t: number): void {
    const cal = this.route.calendar;
    switch (action) {
      case 'start':
        sla.stop(this.response, t, cal);
        break;
      case 'waitForClient':
        sla.pause(this.resolution, t, cal);
        break;
      case 'resume':
        sla.resume(this.resolution, t);
        break;
      case 'resolve':
        sla.stop(this.response, t, cal);
        sla.stop(this.resolution, t, cal);
        break;
      case 'reopen':
        this.resolution.stopped = false;
        sla.resume(this.resolution, t);
        break;
      default:
        break;
    }
  }

  /** A new priority: new targets, the time spent kept. */
  retarget(priority: Priority, t: number): void {
    sla.retarget(this.response, this.route.targets[priority].responseMs, t, this.route.calendar);
    sla.retarget(this.resolution, this.route.targets[priority].resolutionMs, t, this.route.calendar);
  }

  /** The next threshold of each running clock (response first), and what reaching it does. */
  deadlines(t: number, incidentId: string): Deadline[] {
    const deadlines: Deadline[] = [];
    for (const which of ['response', 'resolution'] as const) {
      const due = sla.nextThreshold(which === 'response' ? this.response : this.resolution, t, this.route.calendar);
      if (due) deadlines.push({ at: due.at, run: () => this.reach(incidentId, which, due.level) });
    }
    return deadlines;
  }

  private async reach(incidentId: string, which: ClockName, level: sla.SlaLevel): Promise<void> {
    const clock = which === 'response' ? this.response : this.resolution;
    if (sla.reach(clock, level)) await act.slaReached({ incidentId, clock: which, level });
  }
}
