import type { Model } from '../../model/types.js';
import { usesCallcenter } from './callcenter.js';
import { usesConference } from './conference.js';

/**
 * The modules the output uses, each with the configuration file it reads (if any). FreeSWITCH refuses
 * to load some modules without their file and logs errors for others, so a module is loaded exactly
 * when something needs it and always ships with its file.
 */
export interface ModuleUse {
  readonly module: string;
  /** Name of its autoload config (without .conf), when it reads one. */
  readonly config?: string;
}

export function usesVoicemail(model: Model): boolean {
  return model.tenants.some((t) => t.extensions.some((e) => e.voicemail));
}

export function usesOpus(model: Model): boolean {
  return (
    model.platform.sip.codecs.includes('OPUS') ||
    model.tenants.some((t) => t.extensions.some((e) => e.webrtc))
  );
}

export function usedModules(model: Model): ModuleUse[] {
  const modules: (ModuleUse | false)[] = [
    // Loggers first, so later modules' start-up problems are written down.
    { module: 'mod_console', config: 'console' },
    { module: 'mod_logfile', config: 'logfile' },
    { module: 'mod_event_socket', config: 'event_socket' },
    // The user directory, served on demand (directory-lookup.ts); bound before sofia takes a REGISTER.
    { module: 'mod_lua', config: 'lua' },
    { module: 'mod_sofia', config: 'sofia' },
    { module: 'mod_commands' },
    { module: 'mod_dptools' },
    // DND and call-forward state (persistent, survives restarts).
    { module: 'mod_db', config: 'db' },
    // Last-dialled channel per extension/call group, for call pickup.
    { module: 'mod_hash', config: 'hash' },
    { module: 'mod_valet_parking' },
    usesVoicemail(model) && { module: 'mod_voicemail', config: 'voicemail' },
    // Conference rooms, only when a tenant has one.
    usesConference(model) && { module: 'mod_conference', config: 'conference' },
    // Call queues, only when a tenant has one.
    usesCallcenter(model) && { module: 'mod_callcenter', config: 'callcenter' },
    { module: 'mod_dialplan_xml' },
    model.platform.sip.codecs.includes('G729') && { module: 'mod_g729' },
    usesOpus(model) && { module: 'mod_opus', config: 'opus' },
    { module: 'mod_sndfile' },
    { module: 'mod_native_file' },
    { module: 'mod_tone_stream' },
    // Music on hold (sip.hold_music).
    { module: 'mod_local_stream', config: 'local_stream' },
    { module: 'mod_say_en' },
  ];
  return modules.filter((m): m is ModuleUse => m !== false);
}
