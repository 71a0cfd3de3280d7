import { describe, expect, it } from "vitest";
import { formatBytes } from "../src/format.js";

describe("formatBytes", () => {
  it("prints whole bytes below 1 KiB, one decimal below 10 units, none above", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(153.98886827458256)).toBe("154 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(24 * 1024 * 1024)).toBe("24 MiB");
    expect(formatBytes(3 * 1024 ** 4)).toBe("3.0 TiB");
  });
});
