import type { App, ViewSubmitAction } from '@slack/bolt';
import { FORM_CALLBACK_ID } from '../../forms-to-modal.js';
import type { ListenerDeps } from '../deps.js';
import { submissionListener } from './form-submission.js';

/** Every Baton modal shares one callback_id; the form id travels in its private_metadata. */
export function register(app: App, deps: ListenerDeps): void {
  app.view<ViewSubmitAction>(
    { callback_id: FORM_CALLBACK_ID, type: 'view_submission' },
    submissionListener(deps),
  );
}
