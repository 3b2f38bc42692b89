// The watch rules' routes: GET/POST /api/rules, GET/PUT/DELETE /api/rules/{id},
// POST /api/rules/{id}/test, GET /api/rules/{id}/deliveries. Answers never carry a channel's
// whole URL or its secret (contracts/rules.ts).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiGetAll, apiSend } from '../../../lib/api-client';
import { useSaveMutation } from '../../../lib/use-refreshing-mutation';
import {
  API_ROUTES,
  fillPath,
  type ChangeEventType,
  type ImageList,
  type NotifyChannelType,
  type RuleDeliveriesPage,
  type RuleLang,
  type RuleMode,
  type RuleTestOutcome,
} from '../../../shared/contracts/facts';
import type { WatchRule } from '../../../shared/contracts/rules';

/** The body of POST and PUT; on PUT an absent `url` or `secret` keeps the stored one. */
export interface RuleBody {
  name: string;
  view_id?: string | undefined;
  list?: ImageList | undefined;
  query?: string | undefined;
  event_types: ChangeEventType[];
  channel: { type: NotifyChannelType; url?: string | undefined; secret?: string | undefined };
  mode: RuleMode;
  digest_minutes?: number | undefined;
  lang: RuleLang;
}

const RULES_KEY = ['rules'] as const;
const rulePath = (id: string) => fillPath(API_ROUTES.rule, { id });

export function useRules() {
  return useQuery({
    queryKey: RULES_KEY,
    queryFn: ({ signal }) => apiGetAll<WatchRule>(API_ROUTES.rules, signal),
  });
}

export function useRule(id: string | undefined) {
  return useQuery({
    queryKey: [...RULES_KEY, id],
    enabled: id !== undefined,
    queryFn: ({ signal }) => apiGet<WatchRule>(rulePath(id ?? ''), undefined, undefined, signal),
  });
}

/** A rule's delivery log, newest first; read again while a delivery is still being retried. */
export function useDeliveries(id: string, offset: number, limit: number) {
  return useQuery({
    queryKey: [...RULES_KEY, id, 'deliveries', offset, limit],
    queryFn: ({ signal }) =>
      apiGet<RuleDeliveriesPage>(
        fillPath(API_ROUTES.ruleDeliveries, { id }),
        { offset: offset === 0 ? undefined : offset, limit },
        undefined,
        signal,
      ),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.data_list.some((delivery) => delivery.status === 'retrying')
        ? 5_000
        : 30_000,
  });
}

export function useSaveRule() {
  return useSaveMutation<RuleBody, WatchRule>(RULES_KEY, API_ROUTES.rules, rulePath);
}

export function useDeleteRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiSend<undefined>('DELETE', rulePath(id)),
    // Only the list is read again: the deleted rule's own queries would answer 404.
    onSuccess: (_answer, id) => {
      queryClient.setQueryData<WatchRule[]>(RULES_KEY, (rules) =>
        rules?.filter((rule) => rule.id !== id),
      );
      return queryClient.invalidateQueries({ queryKey: RULES_KEY, exact: true });
    },
  });
}

/** Sends the rule's sample message now; its outcome is also the log's newest delivery. */
export function useTestRule(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiSend<RuleTestOutcome>('POST', fillPath(API_ROUTES.ruleTest, { id })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: RULES_KEY }),
  });
}
