import { Link, useSearchParams } from 'react-router-dom';
import { APP_ROUTES } from '../../../shared/contracts';

/** Until the ACR browser lands, say plainly what this page will show. */
export function AcrView() {
  const [searchParams] = useSearchParams();
  const account = searchParams.get('account');
  const search = account ? `?${new URLSearchParams({ account }).toString()}` : '';
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Alibaba Cloud Container Registry</h1>
          <p className="page-header__lead">
            Repositories and tags of your ACR Enterprise Edition instances.
          </p>
        </div>
      </header>
      <section className="placeholder" aria-labelledby="acr-planned">
        <h2 id="acr-planned">Coming to this page</h2>
        <p>
          This page will list the repositories of the configured ACR instance and, for each, its
          tags with digest, image id, size and build and update times (ACR ListRepository and
          ListRepoTag). It is not built yet.
        </p>
        <p>Meanwhile, the images HSS has scanned are here:</p>
        <p className="placeholder__links">
          <Link
            className="button button--primary"
            to={{ pathname: APP_ROUTES.registryImages, search }}
          >
            Repository images
          </Link>
          <Link className="button" to={{ pathname: APP_ROUTES.cicdImages, search }}>
            CI/CD images
          </Link>
        </p>
      </section>
    </>
  );
}
