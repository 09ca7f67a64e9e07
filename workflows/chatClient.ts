// How the chat's services reach the distribution: signal a conversation's workflow, starting it
// where none runs (signal-with-start). Not part of the workflow bundle.
import type { Client } from '@temporalio/client';
import type { ChatChangeKind, ChatDistributionGateway } from '../domain/chat/gateway';
import { chatChangedSignal, chatWorkflowId } from './chatMessages';
import { chatConversationWorkflow } from './chatConversation';
import { PROCESS_CALL_DEADLINE_MS } from './client';

export class TemporalChatDistribution implements ChatDistributionGateway {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  /**
   * Signal-with-start: a conversation from before the distribution, or one whose run has ended
   * (closed), gets a run that reads the row and acts on it (a closed one ends at once). With
   * Temporal down the call fails after the deadline and the API answers 503; the change itself
   * is committed, and the run's own recheck (RECHECK_MS) finds it once Temporal is back.
   */
  async changed(conversationIds: string[], kind: ChatChangeKind): Promise<void> {
    await this.client.withDeadline(Date.now() + PROCESS_CALL_DEADLINE_MS, () =>
      Promise.all(
        conversationIds.map((conversationId) =>
          this.client.workflow.signalWithStart(chatConversationWorkflow, {
            workflowId: chatWorkflowId(conversationId),
            taskQueue: this.taskQueue,
            args: [{ conversationId }],
            signal: chatChangedSignal,
            signalArgs: [{ kind }],
          }),
        ),
      ),
    );
  }
}
