import { createTemporalClient } from '../../infra/temporal';
import { testEnv } from './env';

export const openTemporal = (namespace = 'default') => createTemporalClient({ TEMPORAL_ADDRESS: testEnv.TEMPORAL_ADDRESS!, TEMPORAL_NAMESPACE: namespace });
