/**
 * A command of the generated fail2ban action as fail2ban would run it: <tags> replaced by the
 * action's [Init] values (the [Init?family=inet6] ones for IPv6 addresses) and the given ones.
 * Enough of fail2ban's substitution for this action, which uses plain tags only. Run it with sh -c,
 * as fail2ban does (the shell turns the escaped braces into nft's).
 */
export function actionCommand(conf: string, key: string, tags: Readonly<Record<string, string>>): string {
  const section = (name: string) => {
    const body = conf.split(/^\[/m).find((s) => s.startsWith(`${name}]`)) ?? '';
    return Object.fromEntries(
      [...body.matchAll(/^([a-z_]+)\s*=\s*(.*)$/gm)].map((m) => [m[1]!, m[2]!.trim()] as const),
    );
  };
  const ipv6 = tags.ip?.includes(':') ?? false;
  const values: Record<string, string> = {
    ...section('Init'),
    ...(ipv6 ? section('Init?family=inet6') : {}),
    ...tags,
  };
  let command = section('Definition')[key];
  if (command === undefined) throw new Error(`action has no ${key}`);
  for (let i = 0; i < 5; i++)
    command = command.replace(/<([a-z_]+)>/g, (whole, tag: string) => values[tag] ?? whole);
  return command;
}
