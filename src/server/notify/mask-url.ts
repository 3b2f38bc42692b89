// Stand-in for the channels' maskChannelUrl (branch s21-channels) until it is merged: the scheme
// and host only, since a webhook's path and query are its credential.
export function maskChannelUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}/***`;
  } catch {
    return '***';
  }
}
