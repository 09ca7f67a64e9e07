// The inbox's marks of a conversation (ChatMarks.svelte) as the agent looking sees them: the list
// and the open conversation show the same ones.
import type { ChatConversation } from './types';

export const marksOf = (c: ChatConversation, meId: string) => ({
  channel: c.channel,
  offered: c.offeredToId === meId ? ('me' as const) : null,
  escalated: c.escalatedAt !== null,
});
