import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface AppFrameProps {
  brand: ReactNode;
  navigation: ReactNode;
  tools: ReactNode;
  banner: ReactNode;
  children: ReactNode;
}

/** The page skeleton: a skip link, the header with navigation and tools, a banner slot, main. */
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
      {banner}
      <main id="main" className="app-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
