import { beforeAll, describe, expect, it } from 'vitest';
import { onNode } from '../../src/emit/freeswitch/node-root.js';
import { TARGETS } from '../../src/emit/registry.js';
import { NODE_PATHS } from '../../src/model/node-paths.js';
import type { Model } from '../../src/model/types.js';
import { exampleModel } from '../helpers/example.js';
import { emitEverything, parseIni, xmlParams } from './emitted.js';

/**
 * The edge security only works if it agrees with what the other targets configure: a jail that
 * watches a log nobody writes, or ports nobody listens on, protects nothing and fails silently.
 * These checks read the emitted files of every registered target, never the targets' code.
 */
const registered = new Set(TARGETS.map((t) => t.name));
const missing = ['freeswitch', 'provisioning', 'fail2ban', 'nftables'].filter((n) => !registered.has(n));
if (missing.length > 0)
  console.warn(`SKIP cross-target checks that need: ${missing.join(', ')} (not registered yet)`);

let model: Model;
let files: Map<string, string>;
let jails: ReturnType<typeof parseIni>;

beforeAll(async () => {
  model = await exampleModel();
  files = emitEverything(model);
  jails = parseIni(files.get('fail2ban/jail.d/pbxc.local') ?? '');
});

const jail = (name: string, key: string) => jails.get(name)?.get(key);

describe.skipIf(!registered.has('freeswitch') || !registered.has('fail2ban'))(
  'FreeSWITCH and the SIP jail',
  () => {
    const profiles = () => [...files.keys()].filter((p) => /^freeswitch\/sip_profiles\/[^/]+\.xml$/.test(p));
    const logfileConf = () => files.get('freeswitch/autoload_configs/logfile.conf.xml') ?? '';

    it('every SIP profile logs auth failures', () => {
      expect(profiles().length).toBeGreaterThanOrEqual(2);
      for (const path of profiles()) {
        const params = xmlParams(files.get(path)!);
        expect(
          params.filter(([name]) => name === 'log-auth-failures'),
          path,
        ).toEqual([['log-auth-failures', 'true']]);
      }
    });

    it('the logfile module writes NODE_PATHS.freeswitchLog, at a level that includes the auth warnings', () => {
      const params = xmlParams(logfileConf());
      // On a node $${pbxc_node_root} is empty (PBXC_NODE_ROOT unset): the path is NODE_PATHS.freeswitchLog.
      expect(params).toContainEqual(['logfile', onNode(NODE_PATHS.freeswitchLog)]);
      const map = /<map name="all" value="([^"]+)"/.exec(logfileConf())?.[1] ?? '';
      expect(map.split(',')).toContain('warning');
    });

    it('the SIP jail reads the file FreeSWITCH writes', () => {
      const written = xmlParams(logfileConf()).find(([name]) => name === 'logfile')?.[1];
      expect(written).toBeDefined();
      expect(jail('pbxc-sip', 'logpath')).toBe(written?.replace(onNode(''), ''));
    });

    it("the SIP jail's ports are the spec's SIP ports, and FreeSWITCH's profiles listen on them", () => {
      const { ports, externalPort, externalTlsPort } = model.platform.sip;
      const spec = [
        ...new Set([ports.udp, ports.tcp, ports.tls, ports.wss, externalPort, externalTlsPort]),
      ].sort((a, b) => a - b);
      expect(jail('pbxc-sip', 'port')).toBe(spec.join(','));

      const vars = files.get('freeswitch/vars.xml') ?? '';
      const preset = (name: string) => new RegExp(`data="${name}=(\\d+)"`).exec(vars)?.[1];
      for (const name of [
        'internal_sip_port',
        'internal_tls_port',
        'internal_wss_port',
        'external_sip_port',
        'external_tls_port',
      ]) {
        expect(spec, name).toContain(Number(preset(name)));
      }
    });
  },
);

describe.skipIf(!registered.has('provisioning') || !registered.has('fail2ban'))(
  'nginx and the provisioning jail',
  () => {
    const site = () => files.get('provisioning/nginx/pbxc-provisioning.conf') ?? '';

    it('the provisioning jail reads the access log the site writes, in the "combined" format its filter expects', () => {
      const accessLogs = [...site().matchAll(/^\s*access_log\s+(\S+)\s+(\S+);/gm)].map((m) => [m[1], m[2]]);
      expect(accessLogs).toEqual([[NODE_PATHS.provisioningAccessLog, 'combined']]);
      expect(jail('pbxc-provisioning', 'logpath')).toBe(NODE_PATHS.provisioningAccessLog);
      expect(files.get('fail2ban/filter.d/pbxc-provisioning.conf')).toContain('log_format "combined"');
    });

    it('the jail and the firewall guard the port the site listens on', () => {
      const listen = [...site().matchAll(/^\s*listen\s+(?:\[::\]:)?(\d+)/gm)].map((m) => m[1]);
      expect(new Set(listen)).toEqual(new Set([String(model.platform.provisioning.port)]));
      expect(jail('pbxc-provisioning', 'port')).toBe(listen[0]);
      expect(files.get('nftables/pbx.nft')).toContain(`tcp dport ${listen[0]} accept`);
    });
  },
);

describe.skipIf(!registered.has('freeswitch') || !registered.has('nftables'))(
  'FreeSWITCH and the firewall',
  () => {
    it('opens the RTP range FreeSWITCH uses', () => {
      const vars = files.get('freeswitch/vars.xml') ?? '';
      const preset = (name: string) => new RegExp(`data="${name}=(\\d+)"`).exec(vars)?.[1];
      expect(files.get('nftables/pbx.nft')).toContain(
        `udp dport ${preset('rtp_start_port')}-${preset('rtp_end_port')} accept`,
      );
    });
  },
);
