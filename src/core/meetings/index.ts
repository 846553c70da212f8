/** The meeting use cases: book, reschedule, cancel, outcome, and their timers. */
export { MEETING_REMINDER_HOURS, type MeetingSlot } from './meeting-rules.js';
export { bookMeeting } from './book-meeting.js';
export { rescheduleMeeting, cancelMeeting } from './change-meeting.js';
export { recordMeetingOutcome, remindMeeting, promptMeetingOutcome } from './meeting-outcome.js';
