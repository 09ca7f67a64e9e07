// The baseline: a workflow that does nothing, so its start rate is Temporal's own.
export async function benchEmptyWorkflow(): Promise<void> {}
