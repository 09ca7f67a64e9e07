// Who may see which incident and request, and at which level: the one place where it is
// decided. The rule is written once, as Kysely `sql` conditions over the aliases every reader joins
// (i: the incident, r: its request, c: the request's client, s: the request's service), and
// reads only who the person is: their Keycloak subject, their roles and department from the
// token, their assignments, and the client record linked to their account (Client.accountId).
// Never a field that other staff can edit (a client's e-mail or phones): setting a client's
// e-mail to your own gains nothing.
//
// - staff: admins everything; a supervisor what their department subtree executes; an agent
//   their department's unassigned queue and what is assigned to them. A request without an
//   incident yet goes by its service's department.
// - requester: the client whose record is linked to the person's account.
// - observer: the person who filed it for someone else (an operator of another department
//   reads but does not move it), and the supervisor of the department whose user is its
//   client (requests filed by or for the department's users).
import { sql, type RawBuilder } from 'kysely';
import { departmentSubtree } from '../shared/departmentRepository';
import { hasRole, type Actor } from './identity';
import type { AccessLevel } from './levels';

type Condition = RawBuilder<boolean>;

const ownDepartment = (code: string) => sql<string>`(SELECT id FROM "Department" WHERE code = ${code})`;

/** The accounts of the employees of a department subtree: the users a supervisor answers for. */
const departmentUsers = (code: string) => sql<string[]>`ARRAY(SELECT e.id FROM "Employee" e WHERE e."departmentId" = ANY(${departmentSubtree(code)}))`;

interface Rule {
  staff: Condition;
  requester: Condition;
  observer: Condition;
}

const FALSE = sql<boolean>`FALSE`;
const any = (parts: Condition[]): Condition => (parts.length ? sql<boolean>`(${sql.join(parts, sql` OR `)})` : FALSE);

/** The staff's part over an incident i. */
function incidentStaff(actor: Actor): Condition[] {
  const parts: Condition[] = [];
  if (actor.department && hasRole(actor, 'supervisor')) parts.push(sql`i."departmentId" = ANY(${departmentSubtree(actor.department)})`);
  else if (actor.department && hasRole(actor, 'agent')) parts.push(sql`(i."departmentId" = ${ownDepartment(actor.department)} AND i."assigneeId" IS NULL)`);
  if (hasRole(actor, 'agent')) parts.push(sql`i."assigneeId" = ${actor.id}`);
  return parts;
}

/** The staff's part over a request r whose incident i does not exist yet (its service s decides). */
function unroutedStaff(actor: Actor): Condition[] {
  if (actor.department && hasRole(actor, 'supervisor')) return [sql`s."departmentId" = ANY(${departmentSubtree(actor.department)})`];
  if (actor.department && hasRole(actor, 'agent')) return [sql`s."departmentId" = ${ownDepartment(actor.department)}`];
  return [];
}

function rule(actor: Actor, staff: Condition): Rule {
  const observer: Condition[] = [sql`r."createdById" = ${actor.id}`];
  // A user files for themselves (portal, QR): their own linked client record. An operator of
  // the department filing for an outside client does not make it the department's.
  if (actor.department && hasRole(actor, 'supervisor')) observer.push(sql`c."accountId" = ANY(${departmentUsers(actor.department)})`);
  return { staff: hasRole(actor, 'admin') ? sql<boolean>`TRUE` : staff, requester: sql<boolean>`c."accountId" = ${actor.id}`, observer: any(observer) };
}

/** The rule over an incident i (with its request r and client c). */
const incidentRule = (actor: Actor) => rule(actor, any(incidentStaff(actor)));

/** The rule over a request r (with its client c, service s and incident i, which may be missing). */
const requestRule = (actor: Actor) =>
  rule(actor, sql<boolean>`(CASE WHEN i.id IS NULL THEN ${any(unroutedStaff(actor))} ELSE ${any(incidentStaff(actor))} END)`);

/** WHERE: the rows the person may see at any level. */
const visible = (r: Rule) => sql<boolean>`(${r.staff} OR ${r.requester} OR ${r.observer})`;
/** SELECT: the person's level on the row, the highest that applies. */
const level = (r: Rule) => sql<AccessLevel>`(CASE WHEN ${r.staff} THEN 'staff' WHEN ${r.requester} THEN 'requester' WHEN ${r.observer} THEN 'observer' END)`;

export const incidentVisible = (actor: Actor) => visible(incidentRule(actor));
export const incidentLevel = (actor: Actor) => level(incidentRule(actor));
/** Staff level on an incident i: the search of internal text is theirs only. */
export const incidentStaffLevel = (actor: Actor) => incidentRule(actor).staff;
/** A request deleted by an admin (soft, editing.ts) is gone for every reader. */
export const requestVisible = (actor: Actor) => sql<boolean>`(r."deletedAt" IS NULL AND ${visible(requestRule(actor))})`;
export const requestLevel = (actor: Actor) => level(requestRule(actor));

/**
 * Calls (alias k, domain/telephony): a call's card is its operator's (the one whose extension
 * rang) and the admins'; a missed call's callback task is its department's: an agent's own
 * department, a supervisor's subtree, admins all.
 */
export const callbackVisible = (actor: Actor): Condition => {
  if (hasRole(actor, 'admin')) return sql<boolean>`TRUE`;
  if (actor.department && hasRole(actor, 'supervisor')) return sql<boolean>`k."callbackDepartmentId" = ANY(${departmentSubtree(actor.department)})`;
  if (actor.department && hasRole(actor, 'agent')) return sql<boolean>`k."callbackDepartmentId" = ${ownDepartment(actor.department)}`;
  return FALSE;
};
export const callVisible = (actor: Actor): Condition => (hasRole(actor, 'admin') ? sql<boolean>`TRUE` : sql<boolean>`k."operatorId" = ${actor.id}`);

/** The chat queues a department (by id) serves besides its own: the admins' setting (ChatQueueMember). */
const servedQueues = (departmentIds: RawBuilder<unknown>) =>
  sql<string[]>`ARRAY(SELECT m."queueId" FROM "ChatQueueMember" m WHERE m."departmentId" = ANY(${departmentIds}))`;

/**
 * Chat conversations (alias v, domain/chat): admins all; a supervisor their department subtree's
 * and those of the queues their subtree serves; an agent the ones assigned or offered to them and
 * those still waiting in their own department's queue or a queue it serves (ChatQueueMember, set
 * by admins in the chat settings). Users reach conversations only as visitors, by their visitor
 * key (conversationOfVisitor).
 */
export const conversationVisible = (actor: Actor): Condition => {
  if (hasRole(actor, 'admin')) return sql<boolean>`TRUE`;
  const parts: Condition[] = [];
  if (actor.department && hasRole(actor, 'supervisor')) {
    const subtree = departmentSubtree(actor.department);
    parts.push(sql`(v."departmentId" = ANY(${subtree}) OR v."departmentId" = ANY(${servedQueues(subtree)}))`);
  } else if (actor.department && hasRole(actor, 'agent')) {
    const own = sql`ARRAY[${ownDepartment(actor.department)}]::uuid[]`;
    parts.push(sql`((v."departmentId" = ${ownDepartment(actor.department)} OR v."departmentId" = ANY(${servedQueues(own)})) AND v.status = 'WAITING')`);
  }
  if (hasRole(actor, 'agent')) parts.push(sql`(v."assigneeId" = ${actor.id} OR v."offeredToId" = ${actor.id})`);
  return any(parts);
};
/**
 * Employees (alias e) whose work a lead reads in reports (time on a chat shift): admins
 * everyone's; a supervisor the people of their department subtree; nobody else anyone's.
 */
export const colleagueInReports = (actor: Actor): Condition => {
  if (hasRole(actor, 'admin')) return sql<boolean>`TRUE`;
  if (actor.department && hasRole(actor, 'supervisor')) return sql<boolean>`e."departmentId" = ANY(${departmentSubtree(actor.department)})`;
  return FALSE;
};
/** A visitor's own conversations: the key their token carries, nothing else. */
export const conversationOfVisitor = (visitorKey: string): Condition => sql<boolean>`v."visitorKey" = ${visitorKey}`;
