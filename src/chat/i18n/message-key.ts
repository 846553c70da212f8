import type { catalog as englishCatalog } from './en/index.js';

/** A message's key: the English catalog's keys are the keys every language has. */
export type MessageKey = keyof typeof englishCatalog;
