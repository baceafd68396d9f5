import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GatewayError, GW_ERRORS, errorBody, toGatewayError } from "./errors.js";

describe("gateway error codes", () => {
  const doc = readFileSync(new URL("../../docs/errors.md", import.meta.url), "utf8");

  it.each(Object.entries(GW_ERRORS))("%s is documented in docs/errors.md with its HTTP status", (code, { status }) => {
    expect(doc).toMatch(new RegExp(`\\| \`${code}\` \\| ${status} \\|`));
  });

  it("documents no code the gateway does not have", () => {
    const documented = [...doc.matchAll(/`(GW_ERR_[A-Z_]+)`/g)].map((m) => m[1]);
    for (const code of documented) expect(Object.keys(GW_ERRORS)).toContain(code);
  });

  it("renders the client error body and hides internals", () => {
    const e = new GatewayError("GW_ERR_DLP_BLOCKED", "blocked", { detectors: ["aws-access-key-id"] });
    expect(errorBody(e)).toEqual({
      error: { type: "policy_violation", code: "GW_ERR_DLP_BLOCKED", message: "blocked", detectors: ["aws-access-key-id"] },
    });
    const internal = toGatewayError(new Error("secret stack detail"));
    expect(internal.code).toBe("GW_ERR_INTERNAL");
    expect(internal.message).not.toContain("secret");
  });
});
