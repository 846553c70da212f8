import { lookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from '../core/webhooks/webhook.js';

/** A webhook's host resolved (or was) to an address it may not reach. */
export class PrivateAddressError extends Error {
  readonly code = 'WEBHOOK_PRIVATE_ADDRESS';
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, a private or loopback address (WEBHOOKS_ALLOW_PRIVATE is off)`);
    this.name = 'PrivateAddressError';
  }
}

/**
 * A `lookup` for http(s).request that refuses private and loopback addresses unless allowed.
 * The check is made on the address the connection will use (every address the name resolves
 * to), so a name that points inside the network — or starts to, after it was registered — is
 * refused at the moment of connecting, not only when it was typed.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses;
      const bad = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (bad) return callback(new PrivateAddressError(hostname, bad.address), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
      const first = list[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * Checks a new webhook URL's host as it resolves now: an issue code for the reply
 * (`private_webhook_url`, `unresolvable_webhook_url`), or null. Deliveries check again.
 */
export async function checkWebhookHost(url: string, allowPrivate: boolean): Promise<string | null> {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return null; // the core words a malformed URL
  }
  if (isIP(host)) return !allowPrivate && isPrivateAddress(host) ? 'private_webhook_url' : null;
  const addresses = await new Promise<{ address: string }[] | null>((resolve) =>
    lookup(host, { all: true }, (err, list) => resolve(err ? null : list)),
  );
  if (!addresses?.length) return 'unresolvable_webhook_url';
  if (!allowPrivate && addresses.some((a) => isPrivateAddress(a.address))) return 'private_webhook_url';
  return null;
}
