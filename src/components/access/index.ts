export { Allowed, ExportLink } from './allowed';
