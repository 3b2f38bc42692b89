// Throughput at 50 connections (issue 10: over 1,000 requests/s on 2 cores): the BFF (this
// process) over 200,000 mirrored repository images, autocannon from a second process
// (bench/load-generator.ts) for 20 s. Two runs:
//  - working set: 40 distinct URLs rotated per request, what a team using the dashboard sends
//    (first and next pages of common filters, sort changes, counts, facets, risk summary, CI/CD,
//    sync status), so repeated queries may be answered from caches as they would be in use;
//  - never repeated: the same mix, but every request is a query not sent before (offsets and
//    size bounds generated per request), so no cache can help: the worst case, no bound.
// THROUGHPUT_IMAGES and THROUGHPUT_DURATION_S (or LOAD_DURATION_S) shrink it for a quick try.
import { API_ROUTES, fillPath } from '../src/shared/contracts';
import type { Estate } from '../src/simulator/estate';
import {
  countOf,
  failuresOf,
  round,
  runLoadGenerator,
  startMirroredBff,
  waitForNoConnections,
  type LoadGeneratorReport,
} from './bench-util';
import type { BenchFigure } from './run';

const IMAGES = Number(process.env.THROUGHPUT_IMAGES ?? 200_000);
const DURATION_S = Number(process.env.THROUGHPUT_DURATION_S ?? process.env.LOAD_DURATION_S ?? 20);
const CONNECTIONS = 50;
const BOUND_REQUESTS_PER_S = 1_000;
const PAGE_SIZE = 20; // the app's default page size
const TOKEN = 'bench-throughput-token-0123456789abcdef';

/** One query of the working set, and (for queries) its never-repeated form. */
export interface Query {
  path: string;
  /** With `{offset}` or `{n}` (see UniqueJob); absent for routes that take no filter. */
  unique?: string;
}

function mostCommon(values: Iterable<string>, count: number): string[] {
  const tally = new Map<string, number>();
  for (const value of values) tally.set(value, (tally.get(value) ?? 0) + 1);
  return [...tally.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([value]) => value);
}

/** What the team's mix names: the three most common namespaces, the commonest name, an image. */
export interface MixSubjects {
  namespaces: readonly [string, string, string];
  name: string;
  imageId: string;
}

/** The mix's subjects in a generated estate. */
export function subjectsOf(estate: Estate): MixSubjects {
  const [ns1 = 'a', ns2 = 'b', ns3 = 'c'] = mostCommon(
    estate.registryImages.map((image) => image.namespace),
    3,
  );
  const [name = 'nginx'] = mostCommon(
    estate.registryImages.map((image) => image.image_name),
    1,
  );
  const image = estate.registryImages[Math.floor(estate.registryImages.length / 2)];
  return { namespaces: [ns1, ns2, ns3], name, imageId: image?.id ?? '1' };
}

/**
 * 40 URLs in the proportions a team's dashboard sends them: mostly list pages, then counts,
 * facets and the risk overview. Page queries become unique by offset, the others by a lower
 * size bound (`image_size={n}` bytes: every image is larger, so the answer is as costly as the
 * working set's, but its key is new).
 */
export function workingSet({ namespaces, name, imageId }: MixSubjects): Query[] {
  const [ns1, ns2, ns3] = namespaces;
  const list = API_ROUTES.registryImages;
  const page = (filter: string, offset = 0, limit = PAGE_SIZE): Query => {
    const query = filter ? `${filter}&` : '';
    return {
      path: `${list}?${query}limit=${limit}&offset=${offset}`,
      unique: `${list}?${query}limit=${limit}&offset={offset}`,
    };
  };
  const sized = (route: string, filter: string): Query => ({
    path: filter ? `${route}?${filter}` : route,
    unique: `${route}?${filter ? `${filter}&` : ''}image_size={n}`,
  });
  const ns = (value: string) => `namespace=${encodeURIComponent(value)}`;
  return [
    // List pages: first pages of common filters, next pages, sort changes (24).
    page(''),
    page('', PAGE_SIZE),
    page('', 2 * PAGE_SIZE),
    page('severity_level=High'),
    page('severity_level=High', PAGE_SIZE),
    page('severity_level=High,Medium&sort_key=latest_scan_time&sort_dir=desc'),
    page('has_vul=true&scan_status=success'),
    page('scan_status=failed'),
    page('image_type=private_image'),
    page('image_type=shared_image'),
    page(ns(ns1)),
    page(ns(ns1), PAGE_SIZE),
    page(ns(ns2)),
    page(ns(ns3)),
    page(`q=${encodeURIComponent(name)}`),
    page('sort_key=vul_num&sort_dir=desc'),
    page('sort_key=image_name&sort_dir=asc'),
    page('sort_key=image_size&sort_dir=desc'),
    page('sort_key=latest_update_time&sort_dir=desc'),
    page(`severity_level=High&${ns(ns1)}`),
    page('', 0, 50),
    page('severity_level=Medium', 0, 100),
    cicdPage(''),
    cicdPage('severity_level=High'),
    // Counts (a page of one: the list's total) (6).
    page('has_vul=true', 0, 1),
    page('severity_level=High', 0, 1),
    page('scan_status=success', 0, 1),
    page('never_scanned=true', 0, 1),
    page(ns(ns2), 0, 1),
    page('has_malicious_file=true', 0, 1),
    // Facets and the risk overview (6).
    sized(API_ROUTES.registryImagesFacets, ''),
    sized(API_ROUTES.registryImagesFacets, 'severity_level=High,Medium'),
    sized(API_ROUTES.registryImagesFacets, ns(ns1)),
    sized(API_ROUTES.cicdImagesFacets, ''),
    sized(API_ROUTES.riskSummary, ''),
    sized(API_ROUTES.riskSummary, ns(ns1)),
    // What every page load also asks for, and a pasted link to one image (4).
    { path: API_ROUTES.accounts },
    { path: API_ROUTES.sync },
    { path: fillPath(API_ROUTES.registryImage, { id: imageId }) },
    cicdPage('', PAGE_SIZE),
  ];
}

function cicdPage(filter: string, offset = 0): Query {
  const query = filter ? `${filter}&` : '';
  const list = API_ROUTES.cicdImages;
  return {
    path: `${list}?${query}limit=${PAGE_SIZE}&offset=${offset}`,
    unique: `${list}?${query}limit=${PAGE_SIZE}&offset={offset}`,
  };
}

function figuresOf(label: string, report: LoadGeneratorReport, bound?: number): BenchFigure[] {
  const throttled = countOf(report, 429);
  return [
    {
      figure: `${label}: requests/s (2xx)`,
      value: Math.round(countOf(report, '2xx') / report.durationS),
      unit: 'req/s',
      ...(bound === undefined ? {} : { bound }),
      better: 'higher',
    },
    { figure: `${label}: p50 latency`, value: report.latencyP50Ms, unit: 'ms', better: 'lower' },
    { figure: `${label}: p99 latency`, value: report.latencyP99Ms, unit: 'ms', better: 'lower' },
    {
      figure: `${label}: errors (429 aside)`,
      value: failuresOf(report),
      unit: 'count',
      bound: 0,
      better: 'lower',
    },
    { figure: `${label}: 429 answers`, value: throttled, unit: 'count', better: 'lower' },
    {
      figure: `${label}: distinct URLs sent`,
      value: report.distinctPaths,
      unit: 'count',
      better: 'higher',
    },
  ];
}

export async function run(): Promise<BenchFigure[]> {
  const { server, estate, origin, close } = await startMirroredBff({
    name: 'throughput',
    seed: 11,
    registryImages: IMAGES,
    cicdImages: 20_000,
    token: TOKEN,
  });
  try {
    const queries = workingSet(subjectsOf(estate));

    // Every URL must answer 200, or the run would measure an error path. This first pass is
    // also the team's first look at each view (what a cache would hold afterwards).
    const probe = async (route: string) => {
      const response = await fetch(`${origin}${route}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      await response.arrayBuffer();
      if (response.status !== 200)
        throw new Error(`throughput: ${route} answered ${response.status}`);
    };
    for (const query of queries) {
      await probe(query.path);
      if (query.unique)
        await probe(query.unique.replaceAll('{offset}', '0').replaceAll('{n}', '1'));
    }

    const common = {
      origin,
      token: TOKEN,
      connections: CONNECTIONS,
      durationS: DURATION_S,
      timeoutS: 10,
    };
    const label = (what: string) => `throughput ${what} (${CONNECTIONS} conn, ${DURATION_S} s)`;
    const paths = [...new Set(queries.map((query) => query.path))];
    const workingSetReport = await runLoadGenerator({ ...common, mode: 'rotate', paths });
    await waitForNoConnections(server.app.server);
    const templates = queries.flatMap((query) => (query.unique ? [query.unique] : []));
    const uniqueReport = await runLoadGenerator({
      ...common,
      mode: 'unique',
      templates,
      pageSize: PAGE_SIZE,
    });
    await waitForNoConnections(server.app.server);
    return [
      ...figuresOf(
        label(`working set, ${paths.length} URLs`),
        workingSetReport,
        BOUND_REQUESTS_PER_S,
      ),
      ...figuresOf(label('never-repeated'), uniqueReport).map((figure) =>
        figure.figure.includes('requests/s')
          ? {
              ...figure,
              reference: {
                value: round(countOf(workingSetReport, '2xx') / workingSetReport.durationS, 0),
                what: 'working set',
              },
            }
          : figure,
      ),
    ];
  } finally {
    await close();
  }
}
