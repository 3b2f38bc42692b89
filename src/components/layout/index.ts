export { AppFrame } from './app-frame';
export { LanguageSwitch } from './language-switch';
