// An agent's own chat settings (ChatAgentSettings, one row per person; none: the defaults).
import type { Database } from '../../infra/db';

const COLUMNS = ['soundNewChat', 'soundNewMessage', 'notifyNewChats', 'signature'] as const;

export interface AgentSettingsRow {
  soundNewChat: boolean;
  soundNewMessage: boolean;
  notifyNewChats: boolean;
  signature: string;
}

export const DEFAULT_AGENT_SETTINGS: AgentSettingsRow = { soundNewChat: true, soundNewMessage: true, notifyNewChats: false, signature: '' };

export async function agentSettingsOf(db: Database, employeeId: string): Promise<AgentSettingsRow> {
  const row = await db.selectFrom('ChatAgentSettings').select(COLUMNS).where('employeeId', '=', employeeId).executeTakeFirst();
  return row ?? DEFAULT_AGENT_SETTINGS;
}

/** Writes the person's row from their current settings and the change; false when they have no Employee row yet. */
export async function writeAgentSettings(db: Database, employeeId: string, settings: AgentSettingsRow): Promise<boolean> {
  const employee = await db.selectFrom('Employee').select('id').where('id', '=', employeeId).executeTakeFirst();
  if (!employee) return false;
  await db
    .insertInto('ChatAgentSettings')
    .values({ employeeId, ...settings, updatedAt: new Date() })
    .onConflict((oc) => oc.column('employeeId').doUpdateSet({ ...settings, updatedAt: new Date() }))
    .execute();
  return true;
}
