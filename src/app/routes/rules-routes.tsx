// The watch rules' pages, given the saved views (a rule's source) and their filter summary from
// the saved-views feature.
import { FilterSummary, useSavedViews } from '../../features/saved-views';
import { RulePage, RulesPage, type ViewChoice } from '../../features/rules';
import { useDocumentTitle } from '../use-document-title';

function useViewChoices(): ViewChoice[] {
  const views = useSavedViews();
  return views.data ?? [];
}

const renderFilters = (query: string) => <FilterSummary query={query} />;

export function RulesRoute() {
  useDocumentTitle('rules');
  return <RulesPage views={useViewChoices()} renderFilters={renderFilters} />;
}

export function RuleRoute() {
  useDocumentTitle('rules');
  return <RulePage views={useViewChoices()} renderFilters={renderFilters} />;
}
