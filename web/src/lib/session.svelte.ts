// Who is signed in, loaded once from /api/me (null: signed out).
import { api, ApiError } from './api';
import type { Me } from './types';

/** pending: signed in through Keycloak, but the HR directory has not confirmed the account. */
export const session = $state<{ me: Me | null; loaded: boolean; pending: string | null }>({ me: null, loaded: false, pending: null });

export async function loadSession(): Promise<void> {
  try {
    session.me = await api('GET', '/api/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 403 && error.type === 'urn:incident-desk:problem:account-pending') {
      session.pending = error.detail;
    } else if (!(error instanceof ApiError) || error.status !== 401) throw error;
    session.me = null;
  } finally {
    session.loaded = true;
  }
}

export const signInUrl = (lang: string, returnTo = '/board') => `/auth/login?returnTo=${encodeURIComponent(returnTo)}&lang=${lang}`;
