import { diag } from '../../diag/diagnostic.js';
import type { TenantModel } from '../../model/types.js';
import { type EmitContext, type EmitResult, type EmittedFile, splitTarget, type Target } from '../target.js';
import { aclConf } from './acl.js';
import { callcenterConf } from './callcenter.js';
import { conferenceConf } from './conference.js';
import {
  consoleConf,
  dbConf,
  eventSocketConf,
  hashConf,
  localStreamConf,
  logfileConf,
  modulesConf,
  opusConf,
  switchConf,
} from './core-configs.js';
import { dbFragments, preLoadModulesConf } from './database.js';
import {
  didEntries,
  filterExtensions,
  PUBLIC_CONTEXT,
  publicContextXml,
  publicGuard,
} from './dialplan/public-context.js';
import { tenantContextXml } from './dialplan/tenant-context.js';
import { didFiles, didLua } from './did-lookup.js';
import { tenantDirectory } from './directory.js';
import {
  bucketFiles,
  DIRECTORY_LUA,
  DIRECTORY_SCRIPT,
  DOMAINS_MAP,
  domainsMap,
  luaConf,
} from './directory-lookup.js';
import { freeswitchXml } from './freeswitch-xml.js';
import { ivrConf } from './ivr.js';
import { languageCodes, languageFile } from './languages.js';
import { otherLanguages, sayIncludes } from './locale.js';
import { LUA_PRELUDE } from './lua-prelude.js';
import { sharedMediaFiles, tenantMediaFiles } from './media.js';
import { usedModules } from './modules.js';
import { PRESENCE_LUA, PRESENCE_SCRIPT, presenceMap, presenceMapPath } from './presence-probe.js';
import { externalProfile, internalProfile, sofiaConf, WSS_FILES } from './sip-profiles.js';
import { timezonesConf } from './timezones.js';
import { varsXml } from './vars.js';
import { NOTIFY_TEMPLATE, VOICEMAIL_TEMPLATE, voicemailConf } from './voicemail.js';
import { renderCompact } from './xml.js';

const DIR = 'freeswitch';

/** Module configuration files, by config name; written only when their module is loaded. */
const MODULE_CONFIGS: Readonly<Record<string, (ctx: EmitContext) => string>> = {
  console: consoleConf,
  logfile: logfileConf,
  event_socket: eventSocketConf,
  sofia: sofiaConf,
  db: dbConf,
  hash: hashConf,
  voicemail: voicemailConf,
  conference: conferenceConf,
  callcenter: callcenterConf,
  opus: opusConf,
  local_stream: localStreamConf,
  lua: luaConf,
};

function adder(files: EmittedFile[]) {
  return (path: string, content: string, sensitive = false) =>
    files.push({ path: `${DIR}/${path}`, content, ...(sensitive ? { sensitive } : {}) });
}

/** Files that depend on the whole spec. */
function shared(ctx: EmitContext): EmitResult {
  const { model } = ctx;
  const files: EmittedFile[] = [];
  const add = adder(files);

  add('freeswitch.xml', freeswitchXml());
  for (const code of languageCodes(model)) add(`lang/${code}.xml`, languageFile(code));
  for (const code of otherLanguages(model.tenants))
    for (const [path, text] of Object.entries(sayIncludes(code))) add(path, text);
  add('vars.xml', varsXml(model));
  add('autoload_configs/pre_load_modules.conf.xml', preLoadModulesConf());
  for (const [path, text] of Object.entries(dbFragments(model))) add(path, text);
  add('autoload_configs/modules.conf.xml', modulesConf(ctx));
  add('autoload_configs/switch.conf.xml', switchConf(ctx));
  add('autoload_configs/acl.conf.xml', aclConf(model));
  add('autoload_configs/ivr.conf.xml', ivrConf(model));
  add('autoload_configs/timezones.conf.xml', timezonesConf(model));
  for (const m of usedModules(model)) {
    if (!m.config) continue;
    const render = MODULE_CONFIGS[m.config];
    if (!render) throw new Error(`no configuration for ${m.module}`);
    add(`autoload_configs/${m.config}.conf.xml`, render(ctx), m.config === 'event_socket');
  }
  if (usedModules(model).some((m) => m.module === 'mod_voicemail')) {
    add('voicemail.tpl', VOICEMAIL_TEMPLATE);
    add('notify-voicemail.tpl', NOTIFY_TEMPLATE);
  }
  add('sip_profiles/internal.xml', internalProfile(model));
  for (const [name, text] of Object.entries(WSS_FILES)) add(`sip_profiles/${name}`, text);
  add('sip_profiles/external.xml', externalProfile(ctx), true);
  add('dialplan/public.xml', publicContextXml());
  const filters = new Map(model.tenants.map((t) => [t.id, filterExtensions(t)]));
  for (const [path, text] of didFiles(didEntries(model), filters)) add(path, text);
  add(DIRECTORY_SCRIPT, LUA_PRELUDE + DIRECTORY_LUA + didLua(renderCompact(publicGuard())));
  add(DOMAINS_MAP, domainsMap(model));
  add(PRESENCE_SCRIPT, PRESENCE_LUA);
  for (const f of sharedMediaFiles(ctx.mode, model)) files.push(f);
  return { files, diagnostics: [] };
}

/** One tenant's directory and dialplan context (ctx.model.tenants is [tenant]). */
function tenantFiles(ctx: EmitContext, tenant: TenantModel): EmitResult {
  if (tenant.context === PUBLIC_CONTEXT) {
    // Its context would merge with the trunks' public context.
    const detail = `tenant id "${tenant.id}" is reserved by FreeSWITCH`;
    return { files: [], diagnostics: [diag('PBX5001', { target: DIR, detail }, tenant.origin)] };
  }
  const files: EmittedFile[] = [];
  const add = adder(files);
  // The domain in the static tree; its users on demand (directory-lookup.ts).
  const dir = tenantDirectory(ctx, tenant);
  add(`directory/${tenant.id}.xml`, dir.domain);
  for (const [k, text] of bucketFiles(dir.users)) add(`directory/${tenant.id}/${k}.xml`, text, true);
  add(`dialplan/${tenant.id}.xml`, tenantContextXml(tenant));
  const presence = presenceMap(tenant);
  if (presence !== undefined) add(presenceMapPath(tenant.id), presence);
  for (const f of tenantMediaFiles(ctx.mode, tenant)) files.push(f);
  return { files, diagnostics: [] };
}

export const freeswitchTarget: Target = splitTarget(
  DIR,
  'FreeSWITCH 1.10/1.11 configuration directory (freeswitch -conf <dir>)',
  { shared, tenant: tenantFiles },
);
