import { NODE_PATHS } from '../../model/node-paths.js';
import type { EmitContext } from '../target.js';
import { dbInclude } from './database.js';
import { otherLanguages, sayVar } from './locale.js';
import { usedModules } from './modules.js';
import { onNode } from './node-root.js';
import { configuration, el, include, param, renderXml } from './xml.js';

/** Levels written to the log file: fail2ban needs the WARNING auth lines; the format stays FreeSWITCH's default. */
export const LOGFILE_LEVELS = 'warning,err,crit,alert';

export function modulesConf(ctx: EmitContext): string {
  const loads = usedModules(ctx.model).map((m) => el('load', { module: m.module }));
  // mod_say_<code> of the other languages, only where the node has it (see vars.xml).
  for (const code of otherLanguages(ctx.model.tenants))
    loads.push(include(`../lang/say-${code}-$\${${sayVar(code)}}.inc`));
  return renderXml(configuration('modules', 'Modules', [el('modules', {}, loads)]));
}

/**
 * The RTP ports FreeSWITCH allocates inside sip.rtp (the firewall's range): RTP on even ports, RTCP
 * on the odd port above, so the last RTP port leaves room for its RTCP within `to`. FreeSWITCH
 * rounds odd bounds itself, with a WARNING at every start.
 */
export function rtpPorts(rtp: { readonly from: number; readonly to: number }): {
  start: number;
  end: number;
} {
  const start = rtp.from + (rtp.from % 2);
  const last = rtp.to - 1;
  return { start, end: Math.max(start, last - (last % 2)) };
}

/**
 * New sessions FreeSWITCH admits per second (more get 503 "Throttle Error"). Sized from the bench
 * (`npm run bench`, "CPS" rows): on the 2-core reference node an inbound DID call that ends in
 * voicemail costs about 25 ms of FreeSWITCH CPU, so the node completes about 80 setups/s; 60 is 75 %
 * of that, above the 40/s a node must sustain (issue 22), leaving CPU for media and registrations.
 */
export const SESSIONS_PER_SECOND = 60;

export function switchConf(ctx: EmitContext): string {
  const rtp = rtpPorts(ctx.model.platform.sip.rtp);
  return renderXml(
    configuration('switch', 'Core Configuration', [
      el('settings', {}, [
        param('colorize-console', 'false'),
        param('dialplan-timestamps', 'false'),
        param('max-sessions', 1000),
        param('sessions-per-second', SESSIONS_PER_SECOND),
        // The most any logger gets: the console shows info, the log file warning and above
        // (LOGFILE_LEVELS). At debug every debug line of sofia and the core was formatted and queued
        // to be dropped by both: 8 % of FreeSWITCH's CPU per registration in a storm. `fsctl loglevel
        // debug` raises it at run time.
        param('loglevel', 'info'),
        param('rtp-start-port', rtp.start),
        param('rtp-end-port', rtp.end),
        param('mailer-app', 'sendmail'),
        param('mailer-app-args', '-t'),
        param('dump-cores', 'no'),
        // core-db-dsn and the group's one switchname, when the node uses PostgreSQL (database.ts).
        dbInclude('core'),
      ]),
    ]),
  );
}

export function consoleConf(): string {
  return renderXml(
    configuration('console', 'Console Logger', [
      el('mappings', {}, [
        el('map', { name: 'all', value: 'console,debug,info,notice,warning,err,crit,alert' }),
      ]),
      el('settings', {}, [param('colorize', 'false'), param('loglevel', '$${console_loglevel}')]),
    ]),
  );
}

export function logfileConf(): string {
  return renderXml(
    configuration('logfile', 'File Logging', [
      el('settings', {}, [param('rotate-on-hup', 'true')]),
      el('profiles', {}, [
        el('profile', { name: 'default' }, [
          el('settings', {}, [
            param('logfile', onNode(NODE_PATHS.freeswitchLog)),
            // logrotate owns rotation (rotate-on-hup); FreeSWITCH's own rollover would rename the file under fail2ban.
            param('rollover', 0),
            param('uuid', 'true'),
          ]),
          el('mappings', {}, [el('map', { name: 'all', value: LOGFILE_LEVELS })]),
        ]),
      ]),
    ]),
  );
}

export function eventSocketConf(ctx: EmitContext): string {
  return renderXml(
    configuration('event_socket', 'Socket Client', [
      el('settings', {}, [
        param('nat-map', 'false'),
        param('listen-ip', '127.0.0.1'),
        param('listen-port', 8021),
        param('password', ctx.secret(ctx.model.platform.secrets.eventSocket)),
        param('apply-inbound-acl', 'loopback.auto'),
      ]),
    ]),
  );
}

/**
 * mod_db keeps its rows (DND, forwards) in FreeSWITCH's core database when no DSN is set, and in
 * PostgreSQL when the node uses it (database.ts).
 */
export function dbConf(): string {
  return renderXml(
    configuration('db', 'LIMIT DB Configuration', [el('settings', {}, [dbInclude('mod-db')])]),
  );
}

export function hashConf(): string {
  return renderXml(configuration('hash', 'Hash Configuration', [el('remotes')]));
}

export function opusConf(): string {
  return renderXml(
    configuration('opus', 'Opus Codec', [
      el('settings', {}, [param('use-vbr', 1), param('complexity', 10), param('packet-loss-percent', 10)]),
    ]),
  );
}

/** The music-on-hold stream vars.xml's hold_music plays: sip.hold_music, relative to sounds_dir or absolute. */
export const HOLD_STREAM = 'moh';

export function localStreamConf(ctx: EmitContext): string {
  const source = ctx.model.platform.sip.holdMusic;
  const path = source.startsWith('/') ? source : `$\${sounds_dir}/${source}`;
  return renderXml(
    configuration('local_stream', 'Music on hold', [
      el('directory', { name: HOLD_STREAM, path }, [
        param('rate', 8000),
        param('shuffle', 'true'),
        param('channels', 1),
        param('interval', 20),
        param('timer-name', 'soft'),
      ]),
    ]),
  );
}
