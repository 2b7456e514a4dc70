// Tests for the order statistics behind p50/p99 and the medians over rounds.
import { describe, expect, it } from "vitest";
import { median, percentileOfSorted, range } from "../src/stats.ts";

describe("percentileOfSorted", () => {
  it("returns the nearest-rank percentile", () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentileOfSorted(sorted, 50)).toBe(50);
    expect(percentileOfSorted(sorted, 99)).toBe(99);
    expect(percentileOfSorted(sorted, 100)).toBe(100);
    expect(percentileOfSorted([7], 1)).toBe(7);
  });

  it("returns NaN for no values", () => {
    expect(percentileOfSorted([], 50)).toBeNaN();
  });

  it("rejects a percentile outside (0, 100]", () => {
    expect(() => percentileOfSorted([1, 2], 0)).toThrow("percentile 0 is outside (0, 100]");
    expect(() => percentileOfSorted([1, 2], 101)).toThrow(RangeError);
  });
});

describe("median", () => {
  it("takes the middle of an odd count and the mean of the middle two of an even count", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("does not reorder its input", () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe("range", () => {
  it("returns the smallest and largest value", () => {
    expect(range([5, -1, 3])).toEqual({ min: -1, max: 5 });
    expect(range([])).toEqual({ min: Number.NaN, max: Number.NaN });
  });
});
