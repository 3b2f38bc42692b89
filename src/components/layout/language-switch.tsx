import { useTranslation } from 'react-i18next';
import { LANGUAGES, supportedLanguage, type Language } from '../../i18n/languages';
import { switchLanguage } from '../../i18n/start';

/**
 * The header's language choice. Each language is named in itself, so a reader finds their own
 * whatever the page speaks now; the page re-renders in place (address, filters and open drawer
 * stay) and the choice is remembered.
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = supportedLanguage(i18n.language) ?? 'en';
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('language.label')}</span>
      <select
        className="language-switch__select"
        value={current}
        onChange={(event) => void switchLanguage(i18n, event.target.value as Language)}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(`language.names.${language}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
