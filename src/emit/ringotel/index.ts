import { type EmittedFile, splitTarget, type Target } from '../target.js';
import { firewallNote } from './firewall-note.js';
import { connectionJson, featuresJson } from './profile-json.js';
import { usersCsv } from './users-csv.js';

/** ringotel/<tenant>/: the import files and profile of each tenant with softphones.ringotel. */
export const ringotelTarget: Target = splitTarget(
  'ringotel',
  'Ringotel user imports, connection profile, feature codes and firewall note per tenant',
  {
    shared: () => ({ files: [], diagnostics: [] }),
    tenant(ctx, tenant) {
      const r = tenant.ringotel;
      if (!r) return { files: [], diagnostics: [] };
      const dir = `ringotel/${tenant.id}`;
      const files: EmittedFile[] = [
        { path: `${dir}/blf-contacts.csv`, content: usersCsv(ctx, tenant, r.blfContacts, false) },
        { path: `${dir}/connection.json`, content: connectionJson(tenant, r) },
        { path: `${dir}/features.json`, content: featuresJson(tenant) },
        { path: `${dir}/firewall.md`, content: firewallNote(ctx.model, tenant, r) },
        { path: `${dir}/users.csv`, content: usersCsv(ctx, tenant, r.users), sensitive: true },
      ];
      return { files, diagnostics: [] };
    },
  },
);
