import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** Owner ids handed out in this process and still in use (several apps may share a test process). */
const live = new Set<string>();

/**
 * A new owner id for leases (`host:pid:random`), registered as alive in this process. Leases
 * carry it so that a restarted bot can tell at once that the previous process is gone, instead
 * of waiting for the lease to run out.
 */
export function processOwner(): string {
  const id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  live.add(id);
  return id;
}

/** Marks an owner id as no longer used by this process (its app stopped). */
export function releaseOwner(id: string): void {
  live.delete(id);
}

/**
 * True only when the owner is certainly gone: it ran on this host and its process no longer
 * exists, or it is this very process's pid but not one of its live owner ids (a previous
 * incarnation — containers restart as the same pid). Owners on other hosts are never presumed
 * gone: their leases run out instead.
 */
export function isOwnerGone(owner: string): boolean {
  const m = /^(.*):(\d+):([0-9a-f]+)$/.exec(owner);
  if (!m || m[1] !== hostname()) return false;
  const pid = Number(m[2]);
  if (pid === process.pid) return !live.has(owner);
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    // ESRCH: no such process. EPERM: it exists (another user's): not gone.
    return (err as { code?: string }).code === 'ESRCH';
  }
}
