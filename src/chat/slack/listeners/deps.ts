import type { Logger } from '../../../logger.js';
import type { Interactions } from '../../interactions/interactions.js';
import type { Journal } from '../../journal-port.js';
import type { SpeakerDirectory } from '../speakers.js';

/** What every Slack listener may use: the interactions layer, the inbound journal, people, logs. */
export type ListenerDeps = {
  interactions: Interactions;
  journal: Journal;
  speakers: SpeakerDirectory;
  log: Logger;
};
