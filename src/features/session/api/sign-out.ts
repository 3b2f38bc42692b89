// POST /api/session/logout (this browser) and /api/session/revoke-all (every browser, every
// replica). Afterwards every query is reset: their refetches answer 401, so the layout shows
// the sign-in page and nothing of the inventory stays on screen.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend, isApiError } from '../../../lib/api-client';
import { API_ROUTES } from '../../../shared/contracts/facts';

export type SignOutScope = 'this_browser' | 'everywhere';

const ROUTE_OF: Record<SignOutScope, string> = {
  this_browser: API_ROUTES.sessionLogout,
  everywhere: API_ROUTES.sessionRevokeAll,
};

export async function signOut(scope: SignOutScope): Promise<void> {
  let answer: { end_session_url?: string } | undefined;
  try {
    answer = await apiSend<{ end_session_url?: string } | undefined>('POST', ROUTE_OF[scope]);
  } catch (error) {
    // Already signed out (the session ended meanwhile): the goal is reached.
    if (isApiError(error) && error.isUnauthorized) return;
    throw error;
  }
  // Single sign-on: the provider's own session ends on its sign-out page.
  if (answer?.end_session_url !== undefined) window.location.assign(answer.end_session_url);
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    onSuccess: () => queryClient.resetQueries(),
  });
}
