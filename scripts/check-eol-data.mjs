// Checks the shipped end-of-life table (src/server/base-images/end-of-life-data.json): which dates
// were last checked more than N days ago, which releases end within 90 days (or ended in the last
// 90), and which families have no dates at all. Prints a report; exits 1 with --strict when any
// entry is stale, so a scheduled job can ask for a refresh.
//
//   node scripts/check-eol-data.mjs [--max-age-days 180] [--now 2026-12-06] [--strict]
import { readFileSync } from 'node:fs';

const TABLE_URL = new URL('../src/server/base-images/end-of-life-data.json', import.meta.url);
const ENDING_DAYS = 90;
const DAY_MS = 86_400_000;

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : process.argv[index + 1];
}

const maxAgeDays = Number(option('--max-age-days', '180'));
const today = option('--now', new Date().toISOString().slice(0, 10));
const strict = process.argv.includes('--strict');
if (!Number.isFinite(maxAgeDays) || maxAgeDays < 0 || Number.isNaN(Date.parse(today))) {
  console.error(
    'usage: node scripts/check-eol-data.mjs [--max-age-days N] [--now YYYY-MM-DD] [--strict]',
  );
  process.exit(2);
}

const dayOf = (isoDate) => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
const todayDay = dayOf(today);
const table = JSON.parse(readFileSync(TABLE_URL, 'utf8'));

const stale = [];
const ending = [];
const endedRecently = [];
const withoutDates = [];
for (const [key, family] of Object.entries(table.families)) {
  if (family.versions.length === 0) {
    withoutDates.push(
      `${family.name} (${key}): no dates; looked at ${family.source} on ${family.retrieved}`,
    );
    if (todayDay - dayOf(family.retrieved) > maxAgeDays)
      stale.push(`${family.name}: ${family.retrieved}`);
    continue;
  }
  for (const entry of family.versions) {
    const label = `${family.name} ${entry.version}`;
    if (todayDay - dayOf(entry.retrieved) > maxAgeDays) {
      stale.push(`${label}: retrieved ${entry.retrieved} from ${entry.source}`);
    }
    if (!entry.eol) continue;
    const daysLeft = dayOf(entry.eol) - todayDay;
    if (daysLeft >= 0 && daysLeft <= ENDING_DAYS)
      ending.push(`${label}: ends ${entry.eol} (${daysLeft} days)`);
    if (daysLeft < 0 && daysLeft >= -ENDING_DAYS)
      endedRecently.push(`${label}: ended ${entry.eol}`);
  }
}

const section = (title, lines) =>
  console.log(`${title} (${lines.length})${lines.map((line) => `\n  ${line}`).join('')}`);
console.log(`End-of-life table checked on ${today}`);
section(`Retrieved more than ${maxAgeDays} days ago: re-check against the source`, stale);
section(`Ending within ${ENDING_DAYS} days: confirm the date has not moved`, ending);
section(`Ended in the last ${ENDING_DAYS} days`, endedRecently);
section('Families without dates', withoutDates);
if (strict && stale.length > 0) process.exit(1);
