export { Allowed, ExportLink, RoleNeeded } from './allowed';
