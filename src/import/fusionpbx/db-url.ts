/**
 * The --db connection string, checked before anything connects, and the form messages and
 * IMPORT-REPORT.md show: rebuilt from its parts without the password, so no part of a password
 * (not even one holding "@", ":" or "/") can leak, however the string was written.
 */
export class DbUrlError extends Error {}

const PROTOCOLS = new Set(['postgres:', 'postgresql:']);

export function shownDbUrl(raw: string): string {
  const problem = (what: string) =>
    new DbUrlError(
      `--db is not a usable PostgreSQL URL (${what}); write postgres://USER[:PASSWORD]@HOST[:PORT]/DB, with "@", ":" and "/" in the password written as %40, %3A and %2F`,
    );
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) throw problem('it must start with postgres://');
  // Like pg: a missing host ("USER@/DB?host=/run/postgresql") is allowed, spaces and stray "%" are escaped.
  const text = /\s|%[^a-f0-9]|%[a-f0-9][^a-f0-9]/i.test(raw)
    ? encodeURI(raw).replace(/%25(\d\d)/g, '%$1')
    : raw;
  let url: URL | undefined;
  let noHost = false;
  try {
    url = new URL(text);
  } catch {
    try {
      url = new URL(text.replace('@/', '@pbxc-no-host/'));
      noHost = true;
    } catch {
      throw problem('it cannot be parsed');
    }
  }
  if (!PROTOCOLS.has(url.protocol)) throw problem('it must start with postgres://');
  const decode = (part: string): string => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  const user = decode(url.username);
  const database = decode(url.pathname.slice(1));
  const host = noHost ? '' : url.host;
  const params: string[] = [];
  for (const [key, value] of url.searchParams)
    params.push(`${key}=${/pass/i.test(key) ? '***' : encodeURIComponent(value).replaceAll('%2F', '/')}`);
  const auth = user || url.password ? `${encodeURIComponent(user)}${url.password ? ':***' : ''}@` : '';
  const query = params.length > 0 ? `?${params.join('&')}` : '';
  return `${url.protocol}//${auth}${host}/${encodeURIComponent(database)}${query}`;
}

/**
 * A driver's error message with every piece of the URL's password (split at "@", ":" and "/", the
 * places a hand-written URL is cut) replaced by "***": pg and the resolver quote host names, and a
 * mis-split password ends up in one.
 */
export function scrubPassword(message: string, raw: string): string {
  const authority = raw.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const at = authority.lastIndexOf('@');
  const colon = authority.indexOf(':');
  const pieces = new Set<string>();
  if (at > 0 && colon >= 0 && colon < at) {
    const password = authority.slice(colon + 1, at);
    pieces.add(password);
    for (const p of password.split(/[@:/]/)) pieces.add(p);
    try {
      pieces.add(decodeURIComponent(password));
    } catch {}
  }
  const match = /[?&]password=([^&]*)/i.exec(raw);
  if (match?.[1]) pieces.add(match[1]);
  let out = message;
  for (const p of [...pieces].filter((x) => x.length >= 2).sort((a, b) => b.length - a.length))
    out = out.replaceAll(p, '***');
  return out;
}
