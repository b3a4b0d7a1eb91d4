import { describe, expect, it } from '@jest/globals';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-body.js';

/** `[[[…]]]` `depth` levels deep, built without recursion. */
function nestedArrays(depth: number): unknown {
  let value: unknown = [];
  for (let level = 1; level < depth; level++) value = [value];
  return value;
}

describe('nestsDeeperThan', () => {
  it('counts objects and arrays alike, scalars not at all', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan(null, 0)).toBe(false);
    expect(nestsDeeperThan({}, 1)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 2)).toBe(true);
  });

  it(`allows exactly ${MAX_JSON_DEPTH} levels and refuses one more`, () => {
    expect(nestsDeeperThan(nestedArrays(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nestedArrays(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(
      nestsDeeperThan({ shallow: 1, deep: nestedArrays(MAX_JSON_DEPTH) }, MAX_JSON_DEPTH),
    ).toBe(true);
  });

  it('measures a million levels without overflowing the call stack', () => {
    expect(nestsDeeperThan(nestedArrays(1_000_000), MAX_JSON_DEPTH)).toBe(true);
  });
});
