// The messages of serviceRequestWorkflow: what the API sends it (updates), what another request's
// run sends it (the signal) and what operators read (the query). Defined apart from the process
// so that its parts can name them without importing the workflow function.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CloseRequestInput, EditRequestInput, ParentResolvedInput, ProcessState, TransitionInput } from '../domain/process/types';

export const transitionUpdate = defineUpdate<ProcessState, [TransitionInput]>('transition');
export const closeRequestUpdate = defineUpdate<ProcessState, [CloseRequestInput]>('closeRequest');
export const editRequestUpdate = defineUpdate<ProcessState, [EditRequestInput]>('editRequest');
export const retryAssignmentSignal = defineSignal('retryAssignment');
/** The mass incident this request is linked to resolved (its run tells each child's run, patch "mass-incident"). */
export const parentResolvedSignal = defineSignal<[ParentResolvedInput]>('parentResolved');
export const stateQuery = defineQuery<ProcessState>('state');
