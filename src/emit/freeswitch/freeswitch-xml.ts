import { el, include, renderXml } from './xml.js';

/** The root document FreeSWITCH starts from; everything else is pulled in by the pre-processor. */
export function freeswitchXml(): string {
  return renderXml(
    el('document', { type: 'freeswitch/xml' }, [
      include('vars.xml'),
      el('section', { name: 'configuration', description: 'Various Configuration' }, [
        include('autoload_configs/*.xml'),
      ]),
      el('section', { name: 'dialplan', description: 'Regex/XML Dialplan' }, [include('dialplan/*.xml')]),
      el('section', { name: 'directory', description: 'User Directory' }, [include('directory/*.xml')]),
      // pbxc's own phrase macros (lang/<code>.xml): voicemail hangs up at once without them.
      el('section', { name: 'languages', description: 'Language Management' }, [include('lang/*.xml')]),
    ]),
    true,
  );
}
