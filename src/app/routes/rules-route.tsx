// The watch rules' pages, given the saved views (a rule's source) and their filter summary from
// the saved-views feature.
import { FilterSummary, useSavedViews } from '../../features/saved-views';
import { RulesPage, type ViewChoice } from '../../features/rules';
import { useDocumentTitle } from '../use-document-title';

export function useViewChoices(): ViewChoice[] {
  const views = useSavedViews();
  return views.data ?? [];
}

export const renderFilters = (query: string) => <FilterSummary query={query} />;

export default function RulesRoute() {
  useDocumentTitle('rules');
  return <RulesPage views={useViewChoices()} renderFilters={renderFilters} />;
}
