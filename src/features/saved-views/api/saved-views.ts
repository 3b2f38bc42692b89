// GET/POST /api/views, PUT/DELETE /api/views/{id}: the team's saved views, one query for the
// navigation, the views page and the list pages' Save view menu.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '../../../lib/api-client';
import {
  API_ROUTES,
  fillPath,
  type ImageList,
  type SavedViewAnswer,
} from '../../../shared/contracts/facts';

export interface SavedViewBody {
  name: string;
  list: ImageList;
  query: string;
  columns?: string[] | undefined;
}

const SAVED_VIEWS_KEY = ['saved-views'] as const;

export const savedViewsQueryOptions = () =>
  queryOptions({
    queryKey: SAVED_VIEWS_KEY,
    queryFn: async ({ signal }) =>
      (
        await apiGet<{ data_list: SavedViewAnswer[] }>(
          API_ROUTES.views,
          undefined,
          undefined,
          signal,
        )
      ).data_list,
  });

export function useSavedViews() {
  return useQuery(savedViewsQueryOptions());
}

const viewPath = (id: string) => fillPath(API_ROUTES.view, { id });

/** Create (no id) or replace a view; the views everywhere are read again once it is stored. */
export function useSaveView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string | undefined; body: SavedViewBody }) =>
      id === undefined
        ? apiSend<SavedViewAnswer>('POST', API_ROUTES.views, body)
        : apiSend<SavedViewAnswer>('PUT', viewPath(id), body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SAVED_VIEWS_KEY }),
  });
}

export function useDeleteView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiSend<undefined>('DELETE', viewPath(id)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SAVED_VIEWS_KEY }),
  });
}
