export { ErrorState, QueryErrorState } from './error-state';
export { SignInRequired } from './sign-in-required';
export { IgnoredParams, parameterLabel } from './ignored-params';
export { BusyNotice } from './busy-notice';
export { ErrorLine } from './error-line';
export { ConfirmGroup } from './confirm-group';
export { QueryContent, queryStateText, type QueryStateText } from './query-content';
