import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './app/app';
import { createAppRouter } from './app/router';
import { startI18n } from './i18n/start';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

// The language's catalogues (one small request each), so the first paint is in that language;
// the router, created meanwhile, fetches the page's code alongside them rather than after.
const i18nStarted = startI18n();
const router = createAppRouter();
void i18nStarted.then((i18n) =>
  createRoot(container).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App router={router} />
      </I18nextProvider>
    </StrictMode>,
  ),
);
