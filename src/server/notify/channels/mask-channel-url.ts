// A channel URL is a secret (the chat vendors put the credential in it: DingTalk's and WeCom's
// query, Slack's and Feishu's path), so answers show only enough to recognise it.

const MASK = '••••';
/** Path segments that name a route rather than carry a credential (`robot`, `open-apis`, `v2`). */
const ROUTE_WORD = /^(?:[a-z][a-z-]{0,19}|v\d{1,2})$/;
/** Below this length even the last 4 characters give too much of a secret away. */
const MIN_SHOWN_SECRET_LENGTH = 12;

function maskSecret(secret: string): string {
  return secret.length >= MIN_SHOWN_SECRET_LENGTH ? `${MASK}${secret.slice(-4)}` : MASK;
}

/**
 * `https://oapi.dingtalk.com/robot/send?access_token=••••3f9a`: the origin, the path's route
 * words, the first query parameter's name, then the last 4 characters of what follows.
 */
export function maskChannelUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return MASK;
  }
  const segments = parsed.pathname.split('/').slice(1);
  const routeLength = segments.findIndex((segment) => !ROUTE_WORD.test(segment));
  if (routeLength !== -1) {
    const route = segments.slice(0, routeLength).map((segment) => `/${segment}`);
    const rest = segments.slice(routeLength).join('/') + parsed.search;
    return `${parsed.origin}${route.join('')}/${maskSecret(rest)}`;
  }
  const query = parsed.search.slice(1);
  if (query === '') return `${parsed.origin}${parsed.pathname}`;
  const separator = query.indexOf('=');
  const name = separator > 0 ? query.slice(0, separator) : '';
  const shownName = /^[A-Za-z_-]{1,32}$/.test(name) ? `${name}=` : '';
  return `${parsed.origin}${parsed.pathname}?${shownName}${maskSecret(query.slice(separator + 1))}`;
}
