import { Link, useSearchParams } from 'react-router-dom';
import { APP_ROUTES } from '../../../shared/contracts';

const PLANNED = [
  'Images by severity: high, medium, low risk and secure',
  'Images by scan status, with the reasons scans failed',
  'Risk types: vulnerabilities, malicious files and baseline risks',
  'Scan age: how long ago each image was last scanned',
  'Top lists: the riskiest images, namespaces and repositories',
  'Trends: how these counts change from one sync to the next',
];

/** Until the risk charts land, say plainly what this page will show and where the data is now. */
export function OverviewView() {
  const [searchParams] = useSearchParams();
  const account = searchParams.get('account');
  const search = account ? `?${new URLSearchParams({ account }).toString()}` : '';
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Overview</h1>
          <p className="page-header__lead">The risk across every image HSS has scanned.</p>
        </div>
      </header>
      <section className="placeholder" aria-labelledby="overview-planned">
        <h2 id="overview-planned">Coming to this page</h2>
        <p>The overview will chart, from the mirrored inventory:</p>
        <ul>
          {PLANNED.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
        <p>The charts are not built yet. Meanwhile, browse the images themselves:</p>
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
