import { MEDIA_NAME } from '../../../media/names.js';
import { type Row, text } from '../rows.js';
import type { TenantContext } from './context.js';

/** A FusionPBX recording's file name as a pbxc media name: "Acme Main_Menu.wav" → "acme-main-menu". */
export function mediaNameOf(file: string): string | undefined {
  const base = (file.split('/').pop() ?? '').replace(/\.[A-Za-z0-9]+$/, '');
  const name = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return MEDIA_NAME.test(name) ? name : undefined;
}

/** The domain's recording whose file a FusionPBX path names (by file name), if any. */
export function recordingOf(ctx: TenantContext, path: string | undefined): Row | undefined {
  const file = path?.split('/').pop();
  if (!file) return undefined;
  return ctx
    .rows('v_recordings')
    .find((r) => text(r, 'domain_uuid') === ctx.uuid && text(r, 'recording_filename') === file);
}

/**
 * The domain's recordings (v_recordings): the database holds their names, not their audio, so each
 * is reported with the file to copy into the spec's media folder and the name the spec uses for it.
 */
export function reportRecordings(ctx: TenantContext): void {
  const rows = ctx
    .rows('v_recordings')
    .filter((r) => text(r, 'domain_uuid') === ctx.uuid)
    .sort((a, b) => (text(a, 'recording_filename') ?? '').localeCompare(text(b, 'recording_filename') ?? ''));
  for (const r of rows) {
    const file = text(r, 'recording_filename') ?? '';
    const name = mediaNameOf(file);
    const what = `recording "${text(r, 'recording_name') ?? file}" (${file})`;
    if (!name) {
      ctx.report(
        'skipped',
        what,
        'its file name gives no media name (letters and digits)',
        'copy and rename it by hand',
      );
      continue;
    }
    ctx.report(
      'changed',
      what,
      `recordings are media files of the spec, referred to by name: ${name}`,
      `copy /var/lib/freeswitch/recordings/${ctx.domain}/${file} to spec/media/${ctx.id}/${name}.wav (or .mp3; sox converts), then use { media: ${name} } / announcement: ${name} / voicemail_greeting: ${name}`,
    );
  }
}
