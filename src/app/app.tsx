import { RouterProvider } from 'react-router-dom';
import { AppProviders } from './providers';
import type { createAppRouter } from './router';
import './styles.css';

export function App({ router }: { router: ReturnType<typeof createAppRouter> }) {
  return (
    <AppProviders>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
