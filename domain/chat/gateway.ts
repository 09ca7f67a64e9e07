// The port through which the chat's services drive the distribution (one Temporal workflow per
// conversation): workflows/chatClient.ts implements it. Pure, as domain/process/gateway.ts.

/** What happened to a conversation outside its workflow; the workflow reads the conversation anew on each. */
export type ChatChangeKind = 'started' | 'accepted' | 'transferred' | 'closed' | 'requeued' | 'wake';
export const CHAT_CHANGE_KINDS: readonly ChatChangeKind[] = ['started', 'accepted', 'transferred', 'closed', 'requeued', 'wake'];

export interface ChatDistributionGateway {
  /** Tells each conversation's workflow, starting it where none runs (a second start is a no-op). */
  changed(conversationIds: string[], kind: ChatChangeKind): Promise<void>;
}
