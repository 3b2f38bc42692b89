// A change sent to the BFF after which what it changed is read again (a saved record's list).
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { apiSend } from './api-client';

/**
 * A mutation whose success invalidates the queries under `queryKey`; it settles once they are
 * read again, so a form closed on success shows the stored state.
 */
export function useRefreshingMutation<Variables, Answer>(
  queryKey: QueryKey,
  mutationFn: (variables: Variables) => Promise<Answer>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey }),
  });
}

/**
 * Creates a record (no id: POST to its collection) or replaces it (PUT to its own path), then
 * reads the queries under `queryKey` again.
 */
export function useSaveMutation<Body, Answer>(
  queryKey: QueryKey,
  collection: string,
  recordPath: (id: string) => string,
) {
  return useRefreshingMutation(queryKey, ({ id, body }: { id?: string | undefined; body: Body }) =>
    id === undefined
      ? apiSend<Answer>('POST', collection, body)
      : apiSend<Answer>('PUT', recordPath(id), body),
  );
}
