// A watch rule's page (new or saved), given the same saved views and filter summary as the list.
import { RulePage } from '../../features/rules';
import { useDocumentTitle } from '../use-document-title';
import { renderFilters, useViewChoices } from './rules-route';

export default function RuleRoute() {
  useDocumentTitle('rules');
  return <RulePage views={useViewChoices()} renderFilters={renderFilters} />;
}
