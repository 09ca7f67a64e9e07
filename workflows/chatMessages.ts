// The messages of chatConversationWorkflow: the API tells it what changed (accepted, transferred,
// closed, its agent clocked out or paused, a place freed up), operators read its state. Apart from
// the process so that its parts can name them without importing the workflow function.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ChatChangeKind } from '../domain/chat/gateway';

export interface ChatChange {
  kind: ChatChangeKind;
}

export interface ChatDistributionState {
  conversationId: string;
  status: 'WAITING' | 'ACTIVE' | 'CLOSED' | 'GONE';
  offeredToId: string | null;
  /** Agents whose offer of it ran out during this waiting spell: offered to last. */
  lapsed: string[];
  escalations: number;
}

export const chatChangedSignal = defineSignal<[ChatChange]>('chatChanged');
export const chatStateQuery = defineQuery<ChatDistributionState>('chatState');

/** One workflow per conversation, by this id (the request workflows use the bare request id). */
export const chatWorkflowId = (conversationId: string) => `chat-${conversationId}`;
