import { each } from '../bind/symbols.js';
import { diag } from '../diag/diagnostic.js';
import { NODE_PATHS } from '../model/node-paths.js';
import type { Rule } from './rule.js';

const CERT = `${NODE_PATHS.tlsDir}/agent.pem`;

/**
 * TLS needs a certificate on the node, which the spec cannot provide: the deploy step installs it.
 * FreeSWITCH turns TLS on only when it is there; without it a TLS trunk is skipped at load
 * ("unsupported transport") and TLS phones cannot register. Say so where the dependency is made.
 */
export const tlsCertificates: Rule = {
  name: 'tls-certificates',
  check(ctx) {
    const platformDefault = ctx.bound.platform?.spec.provisioning?.sip_transport;
    for (const scope of ctx.bound.tenants) {
      for (const [t, i] of each(scope, 'trunks')) {
        if (t.transport === 'tls')
          ctx.report(
            diag(
              'PBX3100',
              { trunk: t.id, tenant: scope.id, cert: CERT },
              scope.locate(['trunks', i, 'transport']),
            ),
          );
      }
      for (const [d, i] of each(scope, 'devices')) {
        const explicit = d.transport === 'tls';
        if (explicit || (d.transport === undefined && platformDefault === 'tls'))
          ctx.report(
            diag(
              'PBX3101',
              { what: `device ${d.mac}`, cert: CERT },
              explicit ? scope.locate(['devices', i, 'transport']) : scope.locate(['devices', i, 'mac']),
            ),
          );
      }
      const ringotel = scope.spec.softphones?.ringotel;
      if (ringotel?.connection?.transport === 'tls')
        ctx.report(
          diag(
            'PBX3101',
            { what: `the Ringotel softphones of tenant ${scope.id}`, cert: CERT },
            scope.locate(['softphones', 'ringotel', 'connection', 'transport']),
          ),
        );
    }
  },
};

export const TLS_RULES: readonly Rule[] = [tlsCertificates];
