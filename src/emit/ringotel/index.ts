import type { EmittedFile, Target } from '../target.js';
import { firewallNote } from './firewall-note.js';
import { connectionJson, featuresJson } from './profile-json.js';
import { usersCsv } from './users-csv.js';

/** ringotel/<tenant>/: the import files and profile of each tenant with softphones.ringotel. */
export const ringotelTarget: Target = {
  name: 'ringotel',
  description: 'Ringotel user imports, connection profile, feature codes and firewall note per tenant',
  emit(ctx) {
    const files: EmittedFile[] = [];
    for (const tenant of ctx.model.tenants) {
      const r = tenant.ringotel;
      if (!r) continue;
      const dir = `ringotel/${tenant.id}`;
      files.push(
        { path: `${dir}/blf-contacts.csv`, content: usersCsv(ctx, tenant, r.blfContacts, false) },
        { path: `${dir}/connection.json`, content: connectionJson(tenant, r) },
        { path: `${dir}/features.json`, content: featuresJson(tenant) },
        { path: `${dir}/firewall.md`, content: firewallNote(ctx.model, tenant, r) },
        { path: `${dir}/users.csv`, content: usersCsv(ctx, tenant, r.users), sensitive: true },
      );
    }
    return { files, diagnostics: [] };
  },
};
