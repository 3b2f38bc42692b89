// CSV export of a whole filtered list: the button that list toolbars mount.
export { ExportButton, type ExportButtonProps } from './components/export-button';
