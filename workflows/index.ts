// Every workflow type the worker runs.
export { serviceRequestWorkflow } from './serviceRequest';
export { dailyDigestWorkflow, slaSummaryWorkflow } from './digests';
export { chatConversationWorkflow } from './chatConversation';
export { syncInboundWorkflow, syncOutboundWorkflow } from './sync';
