// The change feed: the Changes page and the header's badge of new high-severity events.
export { ChangesView, type ChangesViewProps } from './components/changes-view';
export { NewChangesBadge } from './components/new-changes-badge';
