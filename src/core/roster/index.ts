/** The roster use cases: setting up, adding and changing people, joining from a chat platform. */
export type { Arrival } from './roster-shared.js';
export { setupTeam, createTeam, updateTeamSettings, setTeamChannel, moveTeamChannel } from './setup-team.js';
export { addMember, type MemberInput } from './add-member.js';
export { updateMember } from './update-member.js';
export type { MemberPatch } from './member-patch.js';
export { appointAdmin, type AppointAdminResult } from './appoint-admin.js';
export { identify, createInvite, redeemInvite } from './joining.js';
export { deactivateMember, type Handover, type Moved } from './deactivate-member.js';
