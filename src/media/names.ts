/**
 * The media layout of a spec folder: `media/<tenant>/<name>.<ext>` for a tenant's own files and
 * `media/shared/<name>.<ext>` for files every tenant may use. A spec refers to a file by its name
 * (without the extension); a tenant's own file shadows a shared one of the same name.
 */
export const MEDIA_DIR = 'media';
export const SHARED_SCOPE = 'shared';

/** A media name: lower-case letters, digits and "-" (also the installed file's name). */
export const MEDIA_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** File name endings read as media. */
export const MEDIA_EXTENSIONS = ['wav', 'mp3', 'flac', 'ogg'] as const;

/** "welcome.wav" → { name: "welcome", ext: "wav" }; undefined when the name is not allowed. */
export function mediaFileName(file: string): { name: string; ext: string } | undefined {
  const dot = file.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const name = file.slice(0, dot);
  const ext = file.slice(dot + 1);
  if (!MEDIA_NAME.test(name) || !(MEDIA_EXTENSIONS as readonly string[]).includes(ext)) return undefined;
  return { name, ext };
}

/**
 * Where an installed media file lives, relative to the FreeSWITCH configuration folder (and to the
 * tree's freeswitch/ folder, which the node links there). Built only from the compiler's alphabet.
 */
export function installedPath(scope: string, name: string): string {
  if (!MEDIA_NAME.test(scope) || !MEDIA_NAME.test(name))
    throw new Error(`unsafe media path ${scope}/${name}`);
  return `media/${scope}/${name}.wav`;
}

/** The path FreeSWITCH opens: under $${conf_dir}, so a test tree started with -conf finds it too. */
export function playPath(scope: string, name: string): string {
  return `$\${conf_dir}/${installedPath(scope, name)}`;
}
