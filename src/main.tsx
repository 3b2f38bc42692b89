import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './app/app';
import { startI18n } from './i18n/start';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

// The language's catalogues first (one small request), so the first paint is in that language.
void startI18n().then((i18n) =>
  createRoot(container).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App />
      </I18nextProvider>
    </StrictMode>,
  ),
);
