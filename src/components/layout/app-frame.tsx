import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface AppFrameProps {
  brand: ReactNode;
  navigation: ReactNode;
  tools: ReactNode;
  banner: ReactNode;
  children: ReactNode;
}

/**
 * The page skeleton: a skip link, the header with navigation and tools, and main, which opens
 * with the banner slot (the demo notice): inside a landmark, so a screen reader's landmark
 * navigation does not skip it, and it is about the data main shows.
 */
export function AppFrame({ brand, navigation, tools, banner, children }: AppFrameProps) {
  const { t } = useTranslation();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div className="app-header__brand">{brand}</div>
        <nav className="app-nav" aria-label={t('app.mainNavigation')}>
          {navigation}
        </nav>
        <div className="app-header__tools">{tools}</div>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        {banner}
        {children}
      </main>
    </div>
  );
}
