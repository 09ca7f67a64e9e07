// The activity of the one-step baseline (bench/emptyWorkflow.ts): notes when each run reached it.
export function benchStepActivities(ran: Map<string, number>) {
  return {
    async benchStep(key: string): Promise<void> {
      if (!ran.has(key)) ran.set(key, Date.now());
    },
  };
}
