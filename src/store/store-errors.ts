import { BatonError } from '../core/errors.js';
import { duplicateKeyField, isDuplicateKey, isTransient, isUnavailable } from './mongo-errors.js';

/**
 * What a driver or FerretDB failure means, as a coded error: `DB_UNAVAILABLE` (the database
 * cannot be reached), `DB_BUSY` (a momentary refusal worth retrying: SQLite's "database is
 * locked" under FerretDB) or `DUPLICATE_KEY` (an insert-once lost; `params.field` names the
 * index when the server says). Anything else, coded errors included, is returned as it is.
 */
export function translateStoreError(err: unknown): unknown {
  if (err instanceof BatonError) return err;
  const message = (err as { message?: unknown })?.message;
  const text = typeof message === 'string' ? message : String(err);
  if (isUnavailable(err)) return new BatonError('DB_UNAVAILABLE', text, {}, [], { cause: err });
  if (isTransient(err)) return new BatonError('DB_BUSY', text, {}, [], { cause: err });
  if (isDuplicateKey(err)) {
    const field = duplicateKeyField(err);
    return new BatonError('DUPLICATE_KEY', text, field ? { field } : {}, [], { cause: err });
  }
  return err;
}

const rethrow = (err: unknown): never => {
  throw translateStoreError(err);
};

async function* translated<T>(items: AsyncIterable<T>): AsyncIterable<T> {
  try {
    yield* items;
  } catch (err) {
    rethrow(err);
  }
}

const isAsyncIterable = (x: unknown): x is AsyncIterable<unknown> =>
  typeof x === 'object' && x !== null && Symbol.asyncIterator in x;

/**
 * The store edge: `port` with every method's failures translated by {@link translateStoreError},
 * so nothing above the store ever sees a driver error (streams from `scan` included). Methods run on the port itself, so its
 * own calls between methods still see the driver's errors (the store's race deciders need them).
 */
export function atStoreEdge<T extends object>(port: T): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(port, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (!wrapped.has(prop)) {
        const fn = value as (...args: unknown[]) => unknown;
        wrapped.set(prop, (...args: unknown[]) => {
          try {
            const result = fn.apply(target, args);
            if (result instanceof Promise) return result.catch(rethrow);
            return isAsyncIterable(result) ? translated(result) : result;
          } catch (err) {
            return rethrow(err);
          }
        });
      }
      return wrapped.get(prop);
    },
  });
}
