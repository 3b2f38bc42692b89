// POST /api/session/logout (this browser) and /api/session/revoke-all (every browser, every
// replica). Afterwards every query is reset: their refetches answer 401, so the layout shows
// the sign-in page and nothing of the inventory stays on screen.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { API_ROUTES } from '../../../shared/contracts/facts';

export type SignOutScope = 'this_browser' | 'everywhere';

const ROUTE_OF: Record<SignOutScope, string> = {
  this_browser: API_ROUTES.sessionLogout,
  everywhere: API_ROUTES.sessionRevokeAll,
};

export function signOut(scope: SignOutScope): Promise<void> {
  // Already signed out (the session ended meanwhile): the goal is reached.
  return apiPost(ROUTE_OF[scope], undefined, [401]);
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    onSuccess: () => queryClient.resetQueries(),
  });
}
