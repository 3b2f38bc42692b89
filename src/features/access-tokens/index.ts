// Personal API tokens (GET/POST /api/tokens, DELETE /api/tokens/{id}): the /tokens page.
export { TokensPage } from './components/tokens-page';
