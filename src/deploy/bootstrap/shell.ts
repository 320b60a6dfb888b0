/** A POSIX shell word for any string: single-quoted, with ' written as '\''. */
export function shq(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** A here-document that writes `content` verbatim to `path` (quoted delimiter: nothing expands). */
export function writeFile(
  path: string,
  content: string,
  mode: string,
  delimiter = 'PBXC_FILE_EOF',
): string[] {
  if (content.split('\n').includes(delimiter)) throw new Error(`file content contains ${delimiter}`);
  return [
    `install -d -m 0755 "$(dirname ${shq(path)})"`,
    `cat > ${shq(path)} <<'${delimiter}'`,
    ...content.replace(/\n$/, '').split('\n'),
    delimiter,
    `chmod ${mode} ${shq(path)}`,
  ];
}
