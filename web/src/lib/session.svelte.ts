// Who is signed in, loaded once from /api/me (null: signed out).
import { api, ApiError } from './api';
import type { Me } from './types';

export const session = $state<{ me: Me | null; loaded: boolean }>({ me: null, loaded: false });

export async function loadSession(): Promise<void> {
  try {
    session.me = await api<Me>('GET', '/api/me');
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    session.me = null;
  } finally {
    session.loaded = true;
  }
}

export const signInUrl = (lang: string, returnTo = '/board') => `/auth/login?returnTo=${encodeURIComponent(returnTo)}&lang=${lang}`;
