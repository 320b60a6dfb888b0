import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rtpPorts } from '../../../src/emit/freeswitch/core-configs.js';
import { onNode } from '../../../src/emit/freeswitch/node-root.js';
import { NODE_PATHS } from '../../../src/model/node-paths.js';
import { placeholder } from '../../../src/secrets/placeholder.js';
import { exampleModel } from '../../helpers/example.js';
import { all, emitFs, fakeSecret, params, parse, xmllint } from './emit.js';

describe('freeswitch target: core files', async () => {
  const model = await exampleModel();
  const files = emitFs(model);

  it('writes every XML file well-formed (xmllint)', () => {
    const xml = [...files.keys()].filter((p) => p.endsWith('.xml'));
    expect(xml.length).toBeGreaterThan(15);
    for (const path of xml) expect(xmllint(files.get(path)!), path).toBe('');
  });

  it("binds every profile to the node's service-bind address from node.env, else the default-route address", () => {
    const vars = files.get('freeswitch/vars.xml')!;
    expect(vars).toContain('<X-PRE-PROCESS cmd="set" data="pbxc_bind_ipv4=$${local_ip_v4}"/>');
    expect(vars).toContain(
      `<X-PRE-PROCESS cmd="exec-set" data="pbxc_bind_ipv4=grep -hs ^PBXC_SIP_BIND_IPV4= ${onNode(NODE_PATHS.nodeEnv)} | cut -d= -f2"/>`,
    );
    for (const profile of ['internal', 'external']) {
      const xml = files.get(`freeswitch/sip_profiles/${profile}.xml`)!;
      expect(xml, profile).toContain('<param name="sip-ip" value="$${pbxc_bind_ipv4}"/>');
      expect(xml, profile).toContain('<param name="rtp-ip" value="$${pbxc_bind_ipv4}"/>');
      expect(xml, profile).not.toContain('local_ip_v4');
    }
  });

  it('turns TLS and WSS on only when their certificates are installed', () => {
    const vars = files.get('freeswitch/vars.xml')!;
    const internal = files.get('freeswitch/sip_profiles/internal.xml')!;
    expect(vars).toContain('<X-PRE-PROCESS cmd="set" data="pbxc_tls_enable=false"/>');
    expect(vars).toContain(
      `<X-PRE-PROCESS cmd="exec-set" data="pbxc_tls_enable=grep -ls . ${onNode(NODE_PATHS.tlsDir)}/agent.pem | sed s/.*/true/"/>`,
    );
    expect(vars).toContain('<X-PRE-PROCESS cmd="set" data="pbxc_wss=off"/>');
    expect(internal).toContain('<param name="tls" value="$${pbxc_tls_enable}"/>');
    expect(internal).toContain('<X-PRE-PROCESS cmd="include" data="wss-$${pbxc_wss}.inc"/>');
    expect(internal).not.toContain('wss-binding');
    expect(files.get('freeswitch/sip_profiles/wss-on.inc')).toContain(
      'name="wss-binding" value=":$${internal_wss_port}"',
    );
    expect(files.get('freeswitch/sip_profiles/wss-off.inc')).not.toContain('wss-binding');
  });

  it('reads the public address from the node env file, never from a missing include', () => {
    const vars = files.get('freeswitch/vars.xml')!;
    expect(vars).toContain(
      `data="external_sip_ip=grep -hs ^PBXC_PUBLIC_IPV4= ${onNode(NODE_PATHS.nodeEnv)} | cut -d= -f2"`,
    );
    // exec-set commands reach the shell as raw attribute text: nothing in them may need XML escaping.
    for (const m of vars.matchAll(/cmd="exec-set" data="([^"]*)"/g)) expect(m[1]).not.toMatch(/&|\/>/);
    expect(vars).not.toMatch(/cmd="include"/);
    // the log folder the jail watches exists before mod_logfile opens it
    expect(vars).toContain(`data="pbxc_log_dir=mkdir -p ${onNode(NODE_PATHS.freeswitchLogDir)}"`);
  });

  it('prefixes every node path with the node root, empty unless PBXC_NODE_ROOT is set', () => {
    const vars = files.get('freeswitch/vars.xml')!;
    const set = vars.indexOf('data="pbxc_node_root="');
    const fromEnv = vars.indexOf('data="pbxc_node_root=printenv PBXC_NODE_ROOT"');
    expect(set).toBeGreaterThan(0);
    expect(fromEnv).toBeGreaterThan(set);
    // Set before the first use.
    expect(vars.indexOf('$${pbxc_node_root}')).toBeGreaterThan(fromEnv);
    for (const [path, text] of files) {
      for (const p of [
        NODE_PATHS.tlsDir,
        NODE_PATHS.freeswitchLogDir,
        NODE_PATHS.nodeEnv,
        NODE_PATHS.freeswitchRecordings,
      ]) {
        for (const m of text.matchAll(new RegExp(`.{0,18}${p.replaceAll('.', '\\.')}`, 'g')))
          expect(m[0], path).toMatch(/\$\$\{pbxc_node_root\}\/.*$/);
      }
    }
  });

  it('is deterministic', () => {
    expect(emitFs(model)).toEqual(files);
  });

  it('loads exactly the configured modules, each with its file', () => {
    const modules = all(parse(files.get('freeswitch/autoload_configs/modules.conf.xml')!), 'load').map(
      (l) => l.module,
    );
    const needsConfig: Record<string, string> = {
      mod_console: 'console',
      mod_logfile: 'logfile',
      mod_event_socket: 'event_socket',
      mod_sofia: 'sofia',
      mod_voicemail: 'voicemail',
      mod_conference: 'conference',
      mod_callcenter: 'callcenter',
      mod_db: 'db',
      mod_hash: 'hash',
      mod_opus: 'opus',
      mod_local_stream: 'local_stream',
      mod_lua: 'lua',
    };
    for (const [module, config] of Object.entries(needsConfig)) {
      expect(files.has(`freeswitch/autoload_configs/${config}.conf.xml`), module).toBe(
        modules.includes(module),
      );
    }
    const configs = [...files.keys()]
      .filter((p) => p.startsWith('freeswitch/autoload_configs/') && p.endsWith('.conf.xml'))
      .map((p) => p.replace(/^.*\/(.*)\.conf\.xml$/, '$1'));
    const coreConfigs = ['modules', 'pre_load_modules', 'switch', 'acl', 'ivr', 'timezones'];
    for (const c of configs.filter((c) => !coreConfigs.includes(c))) {
      expect(Object.entries(needsConfig).find(([, v]) => v === c)?.[0], c).toSatisfy((m: string) =>
        modules.includes(m),
      );
    }
    expect(modules).toContain('mod_valet_parking');
    // The on-demand directory (directory-lookup.ts).
    expect(modules).toContain('mod_lua');
    expect(modules).toContain('mod_local_stream');
  });

  it('names each configuration after its file', () => {
    for (const [path, text] of files) {
      const m = /autoload_configs\/(.*)\.xml$/.exec(path);
      if (m) expect(parse(text).configuration[0].name).toBe(m[1]);
    }
  });

  it('sets the RTP range and codecs from the spec', () => {
    const sw = params(parse(files.get('freeswitch/autoload_configs/switch.conf.xml')!));
    // The example's 16384-32768: RTP on even ports up to 32766, its RTCP on 32767, inside the range.
    expect(model.platform.sip.rtp).toEqual({ from: 16384, to: 32768 });
    expect(sw['rtp-start-port']).toBe('16384');
    expect(sw['rtp-end-port']).toBe('32766');
    // Issue 22: the node must admit 40 new calls/s (30 refused a quarter of them with Throttle Error);
    // the value is sized in the bench, below the measured setup capacity.
    expect(Number(sw['sessions-per-second'])).toBeGreaterThanOrEqual(40);
    expect(Number(sw['sessions-per-second'])).toBeLessThanOrEqual(80);
    const vars = all(parse(files.get('freeswitch/vars.xml')!), 'X-PRE-PROCESS').map((x) => x.data);
    expect(vars).toContain(`global_codec_prefs=${model.platform.sip.codecs.join(',')}`);
    expect(vars).toContain('external_sip_ip=auto-nat');
  });

  it('keeps every RTP/RTCP pair inside sip.rtp, with even bounds FreeSWITCH takes as they are', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1024, max: 65533 }), fc.integer({ min: 2, max: 4000 }), (from, width) => {
        const to = Math.min(65535, from + width);
        const { start, end } = rtpPorts({ from, to });
        expect(start % 2).toBe(0);
        expect(end % 2).toBe(0);
        expect(start).toBeGreaterThanOrEqual(from);
        if (to - from >= 3) expect(end + 1).toBeLessThanOrEqual(to);
        expect(end).toBeGreaterThanOrEqual(start);
        // No pair is lost: the next even port's RTCP would fall outside the range.
        if (to - from >= 3) expect(end + 3).toBeGreaterThan(to);
      }),
    );
    expect(rtpPorts({ from: 20000, to: 20999 })).toEqual({ start: 20000, end: 20998 });
    expect(rtpPorts({ from: 10001, to: 20000 })).toEqual({ start: 10002, end: 19998 });
  });

  it('times out dead media with the media_timeout variables, not the deprecated profile parameters', () => {
    const vars = all(parse(files.get('freeswitch/vars.xml')!), 'X-PRE-PROCESS').map((x) => x.data);
    expect(vars).toContain('media_timeout=300000');
    expect(vars).toContain('media_hold_timeout=1800000');
    for (const profile of ['internal', 'external']) {
      const p = params(parse(files.get(`freeswitch/sip_profiles/${profile}.xml`)!));
      expect(p['rtp-timeout-sec']).toBeUndefined();
      expect(p['rtp-hold-timeout-sec']).toBeUndefined();
    }
  });

  it('logs WARNING and up to the file fail2ban reads', () => {
    const log = parse(files.get('freeswitch/autoload_configs/logfile.conf.xml')!);
    expect(params(log).logfile).toBe(onNode(NODE_PATHS.freeswitchLog));
    expect(all(log, 'map')[0].value.split(',')).toEqual(expect.arrayContaining(['warning', 'err', 'crit']));
  });

  it('binds the event socket to loopback with the derived password', () => {
    const es = params(parse(files.get('freeswitch/autoload_configs/event_socket.conf.xml')!));
    expect(es['listen-ip']).toBe('127.0.0.1');
    expect(es.password).toBe(placeholder(model.platform.secrets.eventSocket));
    const rendered = params(
      parse(emitFs(model, 'render').get('freeswitch/autoload_configs/event_socket.conf.xml')!),
    );
    expect(rendered.password).toBe(fakeSecret(model.platform.secrets.eventSocket));
  });

  it('ships the phrase macros voicemail and parking need, for every tenant language', () => {
    const includes = all(parse(files.get('freeswitch/freeswitch.xml')!), 'X-PRE-PROCESS').map((x) => x.data);
    expect(includes).toContain('lang/*.xml');
    for (const code of ['en', 'de']) {
      const lang = all(parse(files.get(`freeswitch/lang/${code}.xml`)!), 'language')[0];
      // de: mod_say_de and German prompts only where the node has them (vars.xml checks at start).
      expect(lang).toMatchObject(
        code === 'en'
          ? { name: code, 'say-module': 'en', 'sound-prefix': '$${sound_prefix}' }
          : {
              name: code,
              'say-module': '$${pbxc_say_de}',
              'sound-prefix': '$${sounds_dir}/$${pbxc_prompts_de}',
            },
      );
      const macros = all(lang, 'macro').map((m) => m.name);
      for (const name of [
        'voicemail_enter_pass',
        'voicemail_message_count',
        'voicemail_menu',
        'voicemail_record_message',
        'valet_announce_ext',
      ])
        expect(macros).toContain(name);
    }
  });
});
