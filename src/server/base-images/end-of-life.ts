// End of life of a base image's OS version, from the table shipped with the project
// (end-of-life-data.json). HSS reports the OS as the image's release files say it ("Debian
// GNU/Linux" "11", "CentOS Linux" "7.9.2009", "openEuler" "22.03 LTS SP3"), so names and versions
// are normalised here to the table's families and release lines.
import {
  BASE_IMAGE_EOL_ENDING_DAYS,
  BASE_IMAGE_EOL_STATUSES,
  type BaseImageEolStatus,
} from '../../shared/contracts/base-images-facts';
import endOfLifeData from './end-of-life-data.json';

export const EOL_STATUSES = BASE_IMAGE_EOL_STATUSES;

export interface EndOfLifeExtended {
  until: string;
  programme: string;
}

export interface EndOfLifeEntry {
  version: string;
  /** Last day of the vendor's standard support (YYYY-MM-DD); absent when no date was found. */
  eol?: string;
  extended?: EndOfLifeExtended;
  source: string;
  /** When the date was last checked against `source` (YYYY-MM-DD). */
  retrieved: string;
}

export interface EndOfLifeFamily {
  name: string;
  eolMeaning: string;
  versions: EndOfLifeEntry[];
  /** For a family without versions: where its lifecycle was looked for, and when. */
  source?: string;
  retrieved?: string;
}

export interface EndOfLifeTable {
  families: Record<string, EndOfLifeFamily>;
}

export const END_OF_LIFE_TABLE: EndOfLifeTable = endOfLifeData;

export interface EndOfLifeClassification {
  status: BaseImageEolStatus;
  eolDate: string | null;
  source?: string;
}

const DAY_MS = 86_400_000;

// Release files and scanners spell families many ways; the first pattern that matches wins, so
// the narrower names (CentOS Stream, Huawei Cloud EulerOS, openSUSE) come before the broader ones.
const FAMILY_PATTERNS: readonly (readonly [RegExp, string | null])[] = [
  [/^distroless/, 'distroless'],
  [/^debian/, 'debian'],
  [/^ubuntu/, 'ubuntu'],
  [/^centos ?stream/, 'centos-stream'],
  [/^centos/, 'centos'],
  [/^(red ?hat enterprise linux|rhel|redhat)/, 'rhel'],
  [/^rocky/, 'rocky'],
  [/^alma ?linux/, 'almalinux'],
  [/^alpine/, 'alpine'],
  [/^(amazon linux|amzn)/, 'amazon-linux'],
  [/^open ?euler/, 'openeuler'],
  [/^(huawei cloud euleros|hce)( |$)/, 'hce'],
  [/^euler ?os/, 'euleros'],
  [/^(alibaba cloud linux|aliyun linux|alinux)/, 'alibaba-cloud-linux'],
  [/^anolis/, 'anolis'],
  // openSUSE Leap is a different product with its own lifecycle: not SLES.
  [/^opensuse/, null],
  [/^(sles|sle |suse linux enterprise|suse)/, 'sles'],
];

/** The table's family key for an OS name as HSS or an os-release file gives it, or null. */
export function normaliseOsFamily(osName: string): string | null {
  const name = osName.trim().toLowerCase().replace(/\s+/g, ' ');
  for (const [pattern, family] of FAMILY_PATTERNS) if (pattern.test(name)) return family;
  return null;
}

const DEBIAN_CODENAMES: Record<string, string> = {
  jessie: '8',
  stretch: '9',
  buster: '10',
  bullseye: '11',
  bookworm: '12',
  trixie: '13',
};
const UBUNTU_CODENAMES: Record<string, string> = {
  trusty: '14.04',
  xenial: '16.04',
  bionic: '18.04',
  focal: '20.04',
  jammy: '22.04',
  noble: '24.04',
};

function major(version: string): string[] {
  const match = /^v?(\d+)/.exec(version);
  return match?.[1] ? [match[1]] : [];
}

function majorMinor(version: string): string[] {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  return match?.[1] && match[2] ? [`${match[1]}.${match[2]}`] : [];
}

function byCodename(codenames: Record<string, string>, version: string): string[] {
  for (const [codename, release] of Object.entries(codenames))
    if (version.includes(codename)) return [release];
  return [];
}

/** "22.03 LTS SP3", "22.03 (LTS-SP3)", "22.03-LTS-SP3": the service pack, then its LTS line. */
function openEulerLines(version: string): string[] {
  const match = /^(\d+\.\d+)[\s(-]*(lts)?[\s-]*(sp\d+)?/.exec(version);
  if (!match?.[1]) return [];
  const base = match[1];
  const lts = match[2] ? `${base} LTS` : null;
  const servicePack = lts && match[3] ? `${lts} ${match[3].toUpperCase()}` : null;
  return [servicePack, lts, base].filter((line): line is string => line !== null);
}

/** "2.0 (SP10)", "2.0SP10" and the release-file spelling "2.10" are all EulerOS 2.0 SP10. */
function eulerOsLines(version: string): string[] {
  const servicePack = /^(\d+)\.0[\s(]*sp(\d+)/.exec(version);
  if (servicePack?.[1] && servicePack[2]) {
    return [`${servicePack[1]}.0 SP${servicePack[2]}`, `${servicePack[1]}.0`];
  }
  const dotted = /^(\d+)\.(\d+)/.exec(version);
  if (dotted?.[1] && dotted[2] && dotted[2] !== '0') {
    return [`${dotted[1]}.0 SP${dotted[2]}`, `${dotted[1]}.0`];
  }
  return dotted?.[1] ? [`${dotted[1]}.0`] : [];
}

/** "15-SP5", "15 SP5", "15.5" and "15" (no service pack: 15.0). */
function slesServicePack(version: string): string[] {
  const match = /^(\d+)(?:[\s\-.]*sp(\d+)|\.(\d+))?/.exec(version);
  if (!match?.[1]) return [];
  return [`${match[1]}.${match[2] ?? match[3] ?? '0'}`];
}

/** The table versions an OS version may be listed under, most specific first. */
const VERSION_LINES: Record<string, (version: string) => string[]> = {
  debian: (version) => [...major(version), ...byCodename(DEBIAN_CODENAMES, version)],
  ubuntu: (version) => [...majorMinor(version), ...byCodename(UBUNTU_CODENAMES, version)],
  centos: major,
  'centos-stream': major,
  rhel: major,
  rocky: major,
  almalinux: major,
  alpine: majorMinor,
  'amazon-linux': major,
  sles: slesServicePack,
  'alibaba-cloud-linux': major,
  openeuler: openEulerLines,
  euleros: eulerOsLines,
  hce: (version) => [...majorMinor(version), ...major(version)],
  anolis: (version) => [...majorMinor(version), ...major(version)],
};

/** Distroless images carry no OS of their own: "debian12" follows Debian 12. */
function distrolessBase(osVersion: string): { family: string; version: string } | null {
  const match = /^(?:gcr\.io\/distroless\/)?(debian)[\s-]*(\d+)/.exec(osVersion);
  return match?.[1] && match[2] ? { family: match[1], version: match[2] } : null;
}

function findEntry(family: string, osVersion: string): EndOfLifeEntry | undefined {
  const table = END_OF_LIFE_TABLE.families[family];
  const lines = VERSION_LINES[family];
  if (!table || !lines) return undefined;
  for (const line of lines(osVersion)) {
    const entry = table.versions.find((candidate) => candidate.version === line);
    if (entry) return entry;
  }
  return undefined;
}

function dayNumber(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
}

/**
 * The end-of-life status of an OS version at `now` (epoch ms). The table's date is the last day
 * of support (UTC): up to 90 days before it and on it, `ending`; from the day after, `eol`.
 */
export function classifyEndOfLife(
  osName: string,
  osVersion: string,
  now: number,
): EndOfLifeClassification {
  let family = normaliseOsFamily(osName);
  let version = osVersion.trim().toLowerCase();
  if (family === 'distroless') {
    const base = distrolessBase(version);
    if (!base) return { status: 'unknown', eolDate: null };
    family = base.family;
    version = base.version;
  }
  if (family === null) return { status: 'unknown', eolDate: null };
  const entry = findEntry(family, version);
  if (!entry?.eol) {
    const source = entry?.source ?? END_OF_LIFE_TABLE.families[family]?.source;
    return source
      ? { status: 'unknown', eolDate: null, source }
      : { status: 'unknown', eolDate: null };
  }
  const daysLeft = dayNumber(entry.eol) - Math.floor(now / DAY_MS);
  const status: BaseImageEolStatus =
    daysLeft < 0 ? 'eol' : daysLeft <= BASE_IMAGE_EOL_ENDING_DAYS ? 'ending' : 'supported';
  return { status, eolDate: entry.eol, source: entry.source };
}
