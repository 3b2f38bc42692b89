import type { ReactNode } from 'react';

interface AppFrameProps {
  brand: ReactNode;
  navigation: ReactNode;
  tools: ReactNode;
  banner: ReactNode;
  children: ReactNode;
}

/** The page skeleton: a skip link, the header with navigation and tools, a banner slot, main. */
export function AppFrame({ brand, navigation, tools, banner, children }: AppFrameProps) {
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-header__brand">{brand}</div>
        <nav className="app-nav" aria-label="Main">
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
