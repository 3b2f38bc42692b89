// GET/POST /api/views, PUT/DELETE /api/views/{id}: the team's saved views, one query for the
// navigation, the views page and the list pages' Save view menu.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGetAll, apiSend } from '../../../lib/api-client';
import { useRefreshingMutation, useSaveMutation } from '../../../lib/use-refreshing-mutation';
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
    queryFn: ({ signal }) => apiGetAll<SavedViewAnswer>(API_ROUTES.views, signal),
  });

export function useSavedViews() {
  return useQuery(savedViewsQueryOptions());
}

const viewPath = (id: string) => fillPath(API_ROUTES.view, { id });

/** Create (no id) or replace a view; the views everywhere are read again once it is stored. */
export function useSaveView() {
  return useSaveMutation<SavedViewBody, SavedViewAnswer>(
    SAVED_VIEWS_KEY,
    API_ROUTES.views,
    viewPath,
  );
}

export function useDeleteView() {
  return useRefreshingMutation(SAVED_VIEWS_KEY, (id: string) =>
    apiSend<undefined>('DELETE', viewPath(id)),
  );
}
