// POST /api/session/logout (this browser) and /api/session/revoke-all (every browser, every
// replica). Afterwards every query is reset: their refetches answer 401, so the layout shows
// the sign-in page and nothing of the inventory stays on screen.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../../lib/api-client';
import { API_ROUTES, ErrorBodySchema } from '../../../shared/contracts';

export type SignOutScope = 'this_browser' | 'everywhere';

const ROUTE_OF: Record<SignOutScope, string> = {
  this_browser: API_ROUTES.sessionLogout,
  everywhere: API_ROUTES.sessionRevokeAll,
};

export async function signOut(scope: SignOutScope): Promise<void> {
  let response: Response;
  try {
    response = await fetch(ROUTE_OF[scope], {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
  } catch {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: 'The dashboard server could not be reached. Is it still running?',
    });
  }
  // Already signed out (the session ended meanwhile): the goal is reached.
  if (response.ok || response.status === 401) return;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const parsed = ErrorBodySchema.safeParse(body);
  throw new ApiError({
    status: response.status,
    code: parsed.success ? parsed.data.error.code : `http_${response.status}`,
    message: parsed.success
      ? parsed.data.error.message
      : `The server answered ${response.status} to the sign-out`,
    requestId: response.headers.get('x-request-id') ?? undefined,
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    onSuccess: () => queryClient.resetQueries(),
  });
}
