export { DropdownMenu } from './dropdown-menu';
