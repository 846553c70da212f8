import { registerCatalog, type Catalog } from './i18n.js';

/** English texts. Keys are stable; `ru.ts` must have every key (a test checks). */
export const en: Catalog = {
  // --- generic
  'common.sorry': 'Sorry, something went wrong on our side. Please try again in a moment.',
  'common.try_again':
    'The database is not answering right now. Please try again in a minute — whatever Baton had already accepted it will finish by itself, never twice.',
  'common.yes': 'yes',
  'common.no': 'no',
  'common.none': 'none',
  'common.you': 'you',
  'common.cancelled': 'Cancelled.',

  // --- people and joining
  'join.unknown': ({ id }) =>
    `You are not in a Baton team yet. Ask your sales manager to add you — give them your id: ${id}\nStarting a brand-new team? Run /team setup <team name>.`,
  'join.unknown_tg': ({ id }) =>
    `You are not in a Baton team yet. Ask your sales manager to add you with your Telegram @username, or to give you an invite code (then send /start CODE). Your id: ${id}`,
  'join.linked':
    'Welcome, {name}! Your account is linked to the {team} team. Type /help to see what you can do.',
  'join.already': 'You are already set up as {name} in {team}. Type /help to see what you can do.',
  'join.setup_done':
    'The {team} team is ready and you are its admin and manager. Add people with /team add, and pick the channel for lead cards with /team channel.',
  welcome: ({ name, team, roles }) =>
    `Welcome to Baton, ${name}! You are in ${team} as ${roles}. Type /help to see what you can do.`,

  // --- roles
  'role.sdr': 'SDR',
  'role.ae': 'AE',
  'role.am': 'AM',
  'role.manager': 'manager',
  'role.admin': 'admin',

  // --- errors (codes from src/core/errors.ts)
  'error.VALIDATION_FAILED': 'Please fix these and try again:',
  'error.NOT_ALLOWED': ({ roles }) =>
    `You can't do that: it needs the ${roles} role. Ask a manager if you should have it.`,
  'error.UNKNOWN_PERSON': 'That person is not in your team.',
  'error.PERSON_INACTIVE': 'Your account in Baton is deactivated. Ask your manager.',
  'error.UNKNOWN_TEAM': 'That team does not exist.',
  'error.TEAM_EXISTS': 'That team already exists.',
  'error.ALREADY_SET_UP': 'Baton is already set up here. Ask an admin to add you.',
  'error.ADDRESS_TAKEN': 'That chat account already belongs to someone in Baton.',
  'error.INVITE_INVALID':
    'That invite code is not valid (it may be used or expired). Ask your manager for a new one.',
  'error.LEAD_NOT_FOUND': ({ ref }) => `I can't find lead ${ref ?? ''} in your team.`.replace('  ', ' '),
  'error.LEAD_ALREADY_CLAIMED': ({ owner }) => `Already claimed by ${owner}.`,
  'error.ILLEGAL_TRANSITION': ({ status, what }) => `You can't ${what} now: the lead is ${status}.`,
  'error.NOT_OFFERED_TO_YOU': 'This lead is offered to someone else.',
  'error.NOT_LEAD_OWNER': ({ roles }) => `Only the people working this lead can do that (or a ${roles}).`,
  'error.MEETING_NOT_FOUND': 'There is no scheduled meeting for this lead.',
  'error.MEETING_IN_PAST': 'That time is in the past. Pick a time in the future.',
  'error.ACCOUNT_NOT_FOUND': 'I can’t find that account.',
  'error.RENEWAL_ALREADY_RECORDED': ({ state }) => `This renewal was already recorded (${state}).`,
  'error.CONFLICT': 'Several changes met at once. Please try again.',
  'error.DB_UNAVAILABLE':
    'The database is not answering right now. Please try again in a minute — whatever Baton had already accepted it will finish by itself, never twice.',

  // --- lead statuses
  'status.new': 'new',
  'status.queued': 'in the team queue',
  'status.offered': 'offered',
  'status.claimed': 'claimed',
  'status.meeting_booked': 'meeting booked',
  'status.held': 'meeting held',
  'status.no_show': 'no-show',
  'status.won': 'won',
  'status.lost': 'lost',
  'status.disqualified': 'disqualified',

  // --- what (for ILLEGAL_TRANSITION)
  'what.claim the lead': 'claim it',
  'what.book a meeting': 'book a meeting',
  'what.book a second meeting': 'book a second meeting (reschedule the first instead)',
  'what.record a won deal': 'record a won deal',
  'what.record a lost deal': 'record a lost deal',
  'what.record the meeting outcome': 'record the meeting outcome',
  'what.record the outcome': 'record the outcome before the meeting starts',
  'what.cancel the meeting': 'cancel the meeting',
  'what.change the meeting': 'change the meeting',
  'what.disqualify the lead': 'disqualify it',
  'what.reassign the lead': 'reassign it',
  'what.open the account': 'open the account',

  // --- lead sources and loss reasons (team lists use these keys when they match)
  'source.cold_email': 'cold email',
  'source.cold_call': 'cold call',
  'source.inbound': 'inbound',
  'source.referral': 'referral',
  'source.event': 'event',
  'source.other': 'other',
  'loss.price': 'price',
  'loss.competitor': 'went with a competitor',
  'loss.no_budget': 'no budget',
  'loss.no_decision': 'no decision',
  'loss.timing': 'bad timing',
  'loss.no_fit': 'not a fit',
  'loss.other': 'other',

  // --- field names (validation messages)
  'field.company': 'Company',
  'field.domain': 'Website',
  'field.contact.name': 'Contact name',
  'field.contact.title': 'Title',
  'field.contact.email': 'Email',
  'field.contact.phone': 'Phone',
  'field.source': 'Source',
  'field.value': 'Estimated value',
  'field.notes': 'Notes',
  'field.bant': 'Qualification (BANT)',
  'field.lead': 'Lead',
  'field.date': 'Date',
  'field.time': 'Time',
  'field.startsAt': 'Date and time',
  'field.durationMin': 'Duration (minutes)',
  'field.timezone': 'Time zone',
  'field.amount': 'Amount',
  'field.currency': 'Currency',
  'field.termMonths': 'Contract term (months)',
  'field.startDate': 'Start date',
  'field.note': 'Handoff note for the AM',
  'field.reason': 'Reason',
  'field.roles': 'Roles',
  'field.handle': 'Handle',
  'field.name': 'Name',
  'field.weight': 'Weight',
  'field.cap': 'Cap',
  'field.workingHours': 'Working hours',
  'field.outOfOffice': 'Out of office',
  'field.telegramUsername': 'Telegram username',
  'field.teamName': 'Team name',

  // --- validation issue codes
  'issue.required': 'is required',
  'issue.too_long': 'is too long',
  'issue.invalid_email': 'is not a valid email address',
  'issue.invalid_phone': 'is not a valid phone number (7 to 15 digits)',
  'issue.invalid_domain': 'is not a valid domain such as acme.com',
  'issue.contact_channel_required': 'give an email or a phone for the contact',
  'issue.unknown_source': ({ allowed }) => `is not one of: ${allowed}`,
  'issue.unknown_reason': ({ allowed }) => `is not one of: ${allowed}`,
  'issue.invalid_amount': 'is not an amount such as 25000, 25k or $25,000',
  'issue.invalid_currency': 'is not a 3-letter currency code such as USD, EUR or RUB',
  'issue.currency_mismatch': 'must be in the contract’s currency',
  'issue.invalid_time':
    'is not a date and time I understand (try 2026-12-03 15:00, tomorrow 10:30 or fri 9am)',
  'issue.invalid_date': 'is not a date I understand (try 2026-12-03, 3.12 or tomorrow)',
  'issue.in_past': 'is in the past',
  'issue.too_far': 'is more than a year ahead',
  'issue.invalid_duration': 'must be 5 to 480 minutes',
  'issue.invalid_timezone': 'is not a time zone such as Europe/Moscow',
  'issue.invalid_term': 'must be 1 to 120 months',
  'issue.unknown_role': ({ allowed }) => `unknown role (use ${allowed})`,
  'issue.invalid_handle': 'use 1-32 letters, digits, dots, dashes or underscores',
  'issue.handle_taken': 'is already used in the team',
  'issue.invalid_username': 'is not a Telegram username (5-32 letters, digits, _)',
  'issue.invalid_weight': 'must be above 0 and at most 10',
  'issue.invalid_cap': 'must be a whole number from 0 to 1000',
  'issue.self_deactivate': 'you cannot deactivate yourself',
  'issue.last_admin': 'the team needs an active admin: make someone else an admin first',
  'issue.invalid_locale': 'must be en or ru',
  'issue.invalid_hours': 'give days and a start before the end, e.g. Mon-Fri 09:00-18:00',
  'issue.invalid_period': 'give a period that ends after it starts',
  'issue.not_text': 'must be text',
  'issue.not_flag': 'must be yes or no',
  'issue.unknown_lead': 'pick one of your open leads',
  'issue.invalid': 'is not valid',
};

registerCatalog('en', en);
