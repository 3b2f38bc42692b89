export { DebouncedTextInput, TEXT_DEBOUNCE_MS } from './debounced-text-input';
