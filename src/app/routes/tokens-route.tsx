// The /tokens page: the signed-in user's personal API tokens.
import { TokensPage } from '../../features/access-tokens';
import { useDocumentTitle } from '../use-document-title';

export default function TokensRoute() {
  useDocumentTitle('tokens');
  return <TokensPage />;
}
