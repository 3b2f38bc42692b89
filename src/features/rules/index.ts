// Watch rules: a saved view (or a list's filters) + event types + a channel + a mode; the /rules
// page, each rule's page with Send test and its delivery log (GET/POST/PUT/DELETE /api/rules).
export { RulesPage, type RulesPageProps } from './components/rules-page';
export { RulePage } from './components/rule-page';
export type { ViewChoice } from './components/rule-form';
