import type { EmittedFile, Target } from '../target.js';
import { htpasswdLine } from './htpasswd.js';
import { renderNginxSite } from './nginx-site.js';

/**
 * provisioning/nginx/pbxc-provisioning.conf, and in the rendered tree only the per-tenant htpasswd
 * files (a placeholder password hashed would look real and be useless).
 */
export const provisioningTarget: Target = {
  name: 'provisioning',
  description: 'nginx site serving the phone files over HTTPS with per-tenant HTTP authentication',
  emit(ctx) {
    const files: EmittedFile[] = [
      { path: 'provisioning/nginx/pbxc-provisioning.conf', content: renderNginxSite(ctx.model) },
    ];
    if (ctx.mode === 'render') {
      for (const t of ctx.model.tenants) {
        files.push({
          path: `provisioning/htpasswd/${t.id}.htpasswd`,
          content: `${htpasswdLine(t.id, ctx.secret(t.provisioningPassword))}\n`,
          sensitive: true,
        });
      }
    }
    return { files, diagnostics: [] };
  },
};
