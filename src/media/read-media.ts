import { createHash } from 'node:crypto';
import { readdir, realpath } from 'node:fs/promises';
import { posix } from 'node:path';
import { type Diagnostic, diag } from '../diag/diagnostic.js';
import { openNoWait } from '../load/open-no-wait.js';
import { convertWithSox, MAX_OUTPUT_MS } from './convert.js';
import { MEDIA_LIMITS, targetRate, wavVerdict } from './limits.js';
import { MEDIA_DIR, MEDIA_NAME, mediaFileName } from './names.js';
import type { MediaSource } from './source.js';
import { parseWav, sniff } from './wav.js';

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/** A diagnostic about a whole media file: it points at the file itself. */
const at = (file: string) => ({ file, line: 1, col: 1 });

/**
 * Reads `<spec>/media/<scope>/*`: every file's name, size and format, converting what FreeSWITCH
 * should not play as it is with sox. The media part of the front end's disk access; everything
 * after it (references, unused files, unknown scopes) is a pure rule over the result.
 */
export async function readMedia(
  specDir: string,
  shown: (rel: string) => string,
  sox = 'sox',
): Promise<{ media: MediaSource[]; diagnostics: Diagnostic[] }> {
  const media: MediaSource[] = [];
  const diagnostics: Diagnostic[] = [];
  const root = posix.join(specDir, MEDIA_DIR);
  let scopes: string[];
  try {
    scopes = (await readdir(root)).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR')
      diagnostics.push(diag('PBX1003', { what: shown(MEDIA_DIR), detail: code ?? String(error) }));
    return { media, diagnostics };
  }
  let budget: number = MEDIA_LIMITS.specBytes;
  const inside = await insideSpec(specDir);
  for (const scope of scopes) {
    if (scope.startsWith('.')) continue;
    const scopePath = shown(`${MEDIA_DIR}/${scope}`);
    if (!MEDIA_NAME.test(scope)) {
      diagnostics.push(
        diag(
          'PBX3710',
          { path: scopePath, why: 'a folder of media/ is named after a tenant id or "shared"' },
          at(scopePath),
        ),
      );
      continue;
    }
    let files: string[];
    try {
      files = (await readdir(posix.join(root, scope))).sort();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR')
        diagnostics.push(
          diag(
            'PBX3710',
            { path: scopePath, why: 'media files live in media/<tenant>/ or media/shared/' },
            at(scopePath),
          ),
        );
      else diagnostics.push(diag('PBX1003', { what: scopePath, detail: code ?? String(error) }));
      continue;
    }
    const seen = new Map<string, string>();
    for (const entry of files) {
      if (entry.startsWith('.')) continue;
      const file = shown(`${MEDIA_DIR}/${scope}/${entry}`);
      const parsed = mediaFileName(entry);
      if (!parsed) {
        diagnostics.push(diag('PBX3700', { file: entry }, at(file)));
        continue;
      }
      const first = seen.get(parsed.name);
      if (first !== undefined) {
        diagnostics.push(diag('PBX3711', { name: parsed.name, first }, at(file)));
        continue;
      }
      seen.set(parsed.name, entry);
      if (!(await inside(posix.join(root, scope, entry)))) {
        diagnostics.push(diag('PBX3710', { path: file, why: OUTSIDE }, at(file)));
        continue;
      }
      const bytes = await readLimited(posix.join(root, scope, entry), file, budget, diagnostics);
      if (!bytes) continue;
      budget -= bytes.length;
      const source = prepare(scope, parsed.name, parsed.ext, file, bytes, sox, diagnostics);
      if (source) media.push(source);
    }
  }
  return { media, diagnostics };
}

const OUTSIDE =
  'it is a link to a file outside the spec folder (the build would depend on this machine, and git keeps only the link); copy the file into the spec';

/**
 * Whether a path, links resolved, is inside the spec folder (links within the spec are fine). A
 * path that cannot be resolved counts as inside: reading it then reports why.
 */
async function insideSpec(specDir: string): Promise<(path: string) => Promise<boolean>> {
  const real = await realpath(specDir).catch(() => posix.resolve(specDir));
  return async (path) => {
    const target = await realpath(path).catch(() => undefined);
    return target === undefined || target.startsWith(`${real}/`);
  };
}

async function readLimited(
  fsPath: string,
  file: string,
  budget: number,
  diagnostics: Diagnostic[],
): Promise<Buffer | undefined> {
  let handle: Awaited<ReturnType<typeof openNoWait>> | undefined;
  try {
    handle = await openNoWait(fsPath);
    const info = await handle.stat();
    if (!info.isFile()) {
      diagnostics.push(
        diag(
          'PBX3710',
          { path: file, why: 'media/<scope>/ holds regular files only (no folders, pipes or devices)' },
          at(file),
        ),
      );
      return undefined;
    }
    if (info.size > MEDIA_LIMITS.fileBytes || info.size > budget) {
      const limit =
        info.size > MEDIA_LIMITS.fileBytes
          ? `${mib(MEDIA_LIMITS.fileBytes)} per file`
          : `${mib(MEDIA_LIMITS.specBytes)} of media per spec`;
      diagnostics.push(diag('PBX3701', { size: mib(info.size), limit }, at(file)));
      return undefined;
    }
    return await handle.readFile();
  } catch (error) {
    diagnostics.push(
      diag('PBX1003', { what: file, detail: (error as NodeJS.ErrnoException).code ?? String(error) }),
    );
    return undefined;
  } finally {
    await handle?.close();
  }
}

/**
 * One file's checks, pure apart from the sox call: its container, its WAV header, conversion
 * when FreeSWITCH should not play it as it is, and the duration of what will be played.
 */
export function prepare(
  scope: string,
  name: string,
  ext: string,
  file: string,
  bytes: Buffer,
  sox: string,
  diagnostics: Diagnostic[],
): MediaSource | undefined {
  const kind = sniff(bytes);
  if (!kind) {
    diagnostics.push(diag('PBX3702', { ext }, at(file)));
    return undefined;
  }
  let played = bytes;
  let convertedFrom: string | undefined;
  let rate: number | undefined;
  if (kind === 'wav') {
    const wav = parseWav(bytes);
    if (!wav.ok) {
      diagnostics.push(diag('PBX3703', { problem: wav.problem }, at(file)));
      return undefined;
    }
    const verdict = wavVerdict(wav.info);
    if (verdict.kind === 'refuse') {
      diagnostics.push(diag('PBX3704', { why: verdict.why }, at(file)));
      return undefined;
    }
    if (verdict.kind === 'convert') convertedFrom = verdict.why;
    rate = wav.info.rate;
  } else convertedFrom = kind;
  if (convertedFrom !== undefined) {
    const converted = convertWithSox(bytes, kind, targetRate(rate), sox);
    if (!converted.ok) {
      diagnostics.push(diag('PBX3707', { what: convertedFrom, problem: converted.problem }, at(file)));
      return undefined;
    }
    played = converted.bytes;
  }
  const final = parseWav(played);
  if (!final.ok || wavVerdict(final.info).kind !== 'playable') {
    diagnostics.push(
      diag(
        'PBX3707',
        { what: convertedFrom ?? 'wav', problem: 'the converted file is not 16-bit mono PCM' },
        at(file),
      ),
    );
    return undefined;
  }
  const ms = final.info.durationMs;
  if (ms > MEDIA_LIMITS.maxDurationMs || ms < MEDIA_LIMITS.minDurationMs) {
    diagnostics.push(
      diag(
        'PBX3705',
        {
          // A conversion stops at MAX_OUTPUT_MS: the source is at least that long.
          duration: `${convertedFrom !== undefined && ms >= MAX_OUTPUT_MS ? 'over ' : ''}${(ms / 1000).toFixed(1)} s`,
          limit:
            ms < MEDIA_LIMITS.minDurationMs
              ? `at least ${MEDIA_LIMITS.minDurationMs / 1000} s`
              : `at most ${MEDIA_LIMITS.maxDurationMs / 1000} s`,
        },
        at(file),
      ),
    );
    return undefined;
  }
  return {
    scope,
    name,
    file,
    ext,
    sourceSha256: createHash('sha256').update(bytes).digest('hex'),
    sourceBytes: bytes.length,
    ...(convertedFrom !== undefined ? { convertedFrom } : {}),
    bytes: played,
    info: final.info,
  };
}
