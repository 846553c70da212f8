import { describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { deepCopy } from '../../src/store/docs.js';

describe('deepCopy (the one copy the stores keep and hand out)', () => {
  it('copies deeply, and its dates are Dates of the realm the code runs in', () => {
    const at = new Date('2027-03-14T09:00:00Z');
    const value = { id: 'p1', ooo: { until: at, note: 'x' }, tags: ['a', { at }], bytes: Uint8Array.from([1, 2]) };
    const copy = deepCopy(value);
    expect(copy).toEqual(value);
    expect(copy.ooo).not.toBe(value.ooo);
    expect(copy.tags[1]).not.toBe(value.tags[1]);
    expect(copy.bytes).not.toBe(value.bytes);
    // structuredClone fails here under Jest: its Date is the host's, not this context's.
    expect(copy.ooo.until).toBeInstanceOf(Date);
    expect(copy.ooo.until).not.toBe(at);
    expect(DateTime.fromJSDate(copy.ooo.until).isValid).toBe(true);
    copy.ooo.until.setUTCFullYear(2030);
    expect(at.getUTCFullYear()).toBe(2027);
  });

  it('copies a Date made in another realm as a Date of this one', () => {
    const foreign = structuredClone(new Date(0));
    const copy = deepCopy({ at: foreign });
    expect(copy.at).toBeInstanceOf(Date);
    expect(copy.at.getTime()).toBe(0);
  });
});
