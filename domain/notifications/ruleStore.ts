// The notification rules as supervisors and admins keep them (rules.ts says what they mean):
// admins the global rules and any department's, a supervisor those of the departments of their
// subtree; another department is not found (404), as every foreign id.
import type { Database } from '../../infra/db';
import { hasRole, type Actor } from '../access/identity';
import { departmentSubtreeIds } from '../shared/departments';
import { forbidden, notFound } from '../shared/errors';
import { audit } from '../shared/audit';
import { parseInput } from '../shared/validation';
import { DEFAULT_RULE, RULE_PAIRS, RULE_EVENTS, rulesBodySchema, type RuleView } from './rules';
import { departmentById, departmentsByIds, allDepartments, GLOBAL_SCOPE, rulesOfScopes, upsertRules } from './ruleRepository';

/** A scope the actor may keep rules of (the web page's chooser): global only to admins to change. */
export interface RuleScope {
  scope: string;
  department: { id: string; code: string; name: string } | null;
  editable: boolean;
}

export interface RuleSet {
  scope: string;
  department: { id: string; code: string; name: string } | null;
  items: RuleView[];
}

export class NotificationRules {
  constructor(private readonly db: Database) {}

  /** The scopes the actor may look at: the global rules (admins change them) and the departments in reach. */
  async scopes(actor: Actor): Promise<RuleScope[]> {
    if (!hasRole(actor, 'admin', 'supervisor')) throw forbidden('notification rules are kept by supervisors and admins');
    const admin = hasRole(actor, 'admin');
    const departments = admin ? await allDepartments(this.db) : await departmentsByIds(this.db, await this.subtree(actor));
    return [
      { scope: GLOBAL_SCOPE, department: null, editable: admin },
      ...departments.map((department) => ({ scope: department.id, department, editable: true })),
    ];
  }

  async list(actor: Actor, scope: string): Promise<RuleSet> {
    const department = await this.reach(actor, scope, 'read');
    const rows = await rulesOfScopes(this.db, department ? [GLOBAL_SCOPE, department.id] : [GLOBAL_SCOPE]);
    const items = RULE_EVENTS.flatMap((event) =>
      RULE_PAIRS[event].map((recipient): RuleView => {
        const own = department && rows.find((r) => r.scope === department.id && r.event === event && r.recipient === recipient);
        const global = rows.find((r) => r.scope === GLOBAL_SCOPE && r.event === event && r.recipient === recipient);
        const row = own || global;
        return {
          event,
          recipient,
          enabled: row ? row.enabled : DEFAULT_RULE.enabled,
          channel: (row ? row.channel : DEFAULT_RULE.channel) as RuleView['channel'],
          source: own ? 'department' : global ? 'global' : 'default',
        };
      }),
    );
    return { scope, department: department ?? null, items };
  }

  async put(actor: Actor, scope: string, body: unknown): Promise<RuleSet> {
    const department = await this.reach(actor, scope, 'write');
    const input = parseInput(rulesBodySchema, body);
    await this.db.transaction().execute(async (trx) => {
      await upsertRules(trx, scope, department?.id ?? null, actor.id, input.rules);
      await audit(trx, {
        entityType: 'notification-rules',
        entityId: department?.id ?? GLOBAL_SCOPE,
        actorId: actor.id,
        action: 'notification-rules.set',
        after: input.rules,
      });
    });
    return this.list(actor, scope);
  }

  /** The department of a scope (null: global) when the actor may reach it; 403 below supervisors, 404 for a department out of reach. */
  private async reach(actor: Actor, scope: string, mode: 'read' | 'write') {
    if (!hasRole(actor, 'admin', 'supervisor')) throw forbidden('notification rules are kept by supervisors and admins');
    if (scope === GLOBAL_SCOPE) {
      if (mode === 'write' && !hasRole(actor, 'admin')) throw forbidden('the global notification rules are kept by admins');
      return null;
    }
    const department = await departmentById(this.db, scope);
    if (!department) throw notFound('department');
    if (hasRole(actor, 'admin')) return department;
    if (!(await this.subtree(actor)).includes(department.id)) throw notFound('department');
    return department;
  }

  /** The ids of the departments a supervisor keeps: theirs and those below it. */
  private subtree(actor: Actor): Promise<string[]> {
    return actor.department ? departmentSubtreeIds(this.db, actor.department) : Promise.resolve([]);
  }
}
