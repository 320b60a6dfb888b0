import type { Model } from '../../model/types.js';
import { languageIncludes } from './languages.js';
import { el, include, renderXml } from './xml.js';

/** The root document FreeSWITCH starts from; everything else is pulled in by the pre-processor. */
export function freeswitchXml(model: Model): string {
  return renderXml(
    el('document', { type: 'freeswitch/xml' }, [
      include('vars.xml'),
      el('section', { name: 'configuration', description: 'Various Configuration' }, [
        include('autoload_configs/*.xml'),
      ]),
      el('section', { name: 'dialplan', description: 'Regex/XML Dialplan' }, [include('dialplan/*.xml')]),
      el('section', { name: 'directory', description: 'User Directory' }, [include('directory/*.xml')]),
      // Installed with FreeSWITCH (its conf dir's lang/): voicemail needs the phrases.
      el(
        'section',
        { name: 'languages', description: 'Language Management' },
        languageIncludes(model).map((path) => include(path)),
      ),
    ]),
    true,
  );
}
