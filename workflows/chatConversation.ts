// chatConversationWorkflow: the distribution of one live-chat conversation (workflow id
// chat-<conversation id>, docs/chat.md "Distribution"). The process is a class
// (chat/distribution.ts); this function creates it and wires the messages to it.
import { setHandler } from '@temporalio/workflow';
import { chatChangedSignal, chatStateQuery, type ChatDistributionState } from './chatMessages';
import { ChatDistribution } from './chat/distribution';

export async function chatConversationWorkflow(input: { conversationId: string }): Promise<ChatDistributionState> {
  const chat = new ChatDistribution(input.conversationId);
  setHandler(chatChangedSignal, (change) => chat.changed(change));
  setHandler(chatStateQuery, () => chat.state);
  return chat.run();
}
