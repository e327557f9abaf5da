import { describe, expect, it } from "vitest";
import { formatLsn, parseLsn, parseSegSize, parseSegmentName, segmentName, segmentOfEndLsn, segmentOfLsn } from "./wal-names";

const MB16 = 16 * 1024 * 1024;

describe("WAL names", () => {
  it("names and parses segments for 16 MB and 1 MB segment sizes", () => {
    expect(segmentName(1, 0x1_03, MB16)).toBe("000000010000000100000003");
    expect(parseSegmentName("000000010000000100000003", MB16)).toEqual({ timeline: 1, segNo: 0x103 });
    expect(segmentName(2, 4096 + 5, 1 << 20)).toBe("000000020000000100000005");
    expect(parseSegmentName("000000010000000000000003.partial", MB16)).toBeNull();
  });

  it("maps LSNs to segments; an end LSN on a boundary belongs to the segment before", () => {
    expect(parseLsn("16/B374D848")).toBe(0x16_b374d848);
    expect(formatLsn(parseLsn("16/B374D848"))).toBe("16/B374D848");
    expect(segmentOfLsn("0/3000028", MB16)).toBe(3);
    expect(segmentOfLsn("0/3000000", MB16)).toBe(3);
    expect(segmentOfEndLsn("0/3000000", MB16)).toBe(2);
    expect(segmentOfEndLsn("0/3000100", MB16)).toBe(3);
  });

  it("reads SHOW wal_segment_size", () => {
    expect(parseSegSize("16MB")).toBe(MB16);
    expect(parseSegSize("1MB")).toBe(1 << 20);
    expect(() => parseSegSize("16")).toThrow(/Unexpected/);
  });
});
