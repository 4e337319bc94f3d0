import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../lib/nn/config";
import { nicknameKey } from "../../../lib/protocol/nickname-key";
import {
  joinCodeSchema,
  MAX_TELEMETRY_FRAMES,
  MAX_WEIGHTS_BYTES_PER_RUN,
  nicknameSchema,
  payloads,
  runSubmissionSchema,
} from "../../../lib/protocol";

describe("nicknames", () => {
  it.each<[string, string | null]>([
    ["  Ada  ", "Ada"],
    ["Ada   Lovelace", "Ada Lovelace"],
    ["Zoë", "Zoë"],
    ["O'Neil-2", "O'Neil-2"],
    ["", null],
    ["   ", null],
    ["x".repeat(25), null],
    ["<script>alert(1)</script>", null],
    ["Robert'); DROP TABLE", null],
    ["tab\there", "tab here"],
    ["emoji 🎉", null],
  ])("%j -> %j", (input, expected) => {
    const r = nicknameSchema.safeParse(input);
    expect(r.success ? r.data : null).toBe(expected);
  });

  it("are unique regardless of case and accents", () => {
    expect(nicknameKey("Zoë")).toBe(nicknameKey("zoe"));
    expect(nicknameKey("ADA")).toBe("ada");
  });

  it.each<[string, string]>([
    ["\u0410da", "Ada"], // Cyrillic capital A
    ["\u0430da", "ada"], // Cyrillic small a
    ["\u03a1aul", "Paul"], // Greek capital Rho
    ["Gr\u0430ce", "Grace"],
    ["N\u043eor", "Noor"], // Cyrillic small o
    ["AI", "Al"], // capital I and small L look alike on a projector
  ])("are unique by their confusable skeleton too: %j is %j", (lookAlike, name) => {
    expect(nicknameKey(lookAlike)).toBe(nicknameKey(name));
  });

  it.each<[string, string]>([
    ["Ada", "Ida"],
    ["Noor", "Nour"],
    ["Li", "Lu"],
  ])("keeps different names apart: %j and %j", (a, b) => {
    expect(nicknameKey(a)).not.toBe(nicknameKey(b));
  });
});

describe("join codes", () => {
  it.each<[string, string | null]>([
    ["k7qp2x", "K7QP2X"],
    [" K7QP2X ", "K7QP2X"],
    ["K7QP2", null],
    ["K7QP2O", null], // O, 0, I and 1 are never used: they are misread from the back of a room
    ["K7QP21", null],
  ])("%j -> %j", (input, expected) => {
    const r = joinCodeSchema.safeParse(input);
    expect(r.success ? r.data : null).toBe(expected);
  });
});

const submission = {
  clientRunId: "6f9619ff-8b86-4d11-b42d-00c04fc964ff",
  challengeId: "c1",
  config: DEFAULT_CONFIG,
  backend: "webgl",
  weights: new Uint8Array(64),
  claimed: { accuracy: 0.9, loss: 0.3, steps: 500, diverged: false, divergedAtStep: null },
  telemetry: [
    {
      step: 1,
      loss: 1.1,
      accuracy: 0.3,
      layers: [
        {
          weightGradNorm: 0.1,
          activationGradNorm: 0.01,
          activationMean: 0.5,
          activationStd: 0.2,
          saturated: 0,
          dead: 0,
          updateRatio: null,
        },
      ],
    },
  ],
};

describe("run submissions", () => {
  it("accept a well-formed run", () => {
    expect(runSubmissionSchema.safeParse(submission).success).toBe(true);
  });

  it.each<[string, object]>([
    ["a run id that is not a uuid", { clientRunId: "1" }],
    ["an invalid config", { config: { ...DEFAULT_CONFIG, depth: 99 } }],
    ["an unknown backend", { backend: "cuda" }],
    ["weights as a string", { weights: "AAAA" }],
    ["oversized weights", { weights: new Uint8Array(MAX_WEIGHTS_BYTES_PER_RUN + 1) }],
    ["an accuracy over 1", { claimed: { ...submission.claimed, accuracy: 1.5 } }],
    [
      "too many telemetry frames",
      {
        telemetry: Array.from({ length: MAX_TELEMETRY_FRAMES + 1 }, () => submission.telemetry[0]),
      },
    ],
    ["an extra field", { verifiedScore: 1 }],
  ])("reject %s", (_name, patch) => {
    expect(runSubmissionSchema.safeParse({ ...submission, ...patch }).success).toBe(false);
  });
});

describe("event payloads", () => {
  it.each<[keyof typeof payloads, unknown, boolean]>([
    ["session:create", { title: "Period 3" }, true],
    ["session:create", { title: "" }, false],
    ["session:create", "Period 3", false],
    ["challenge:post", { sessionId: "s", templateKey: "bn-rescue" }, true],
    [
      "challenge:post",
      {
        sessionId: "s",
        title: "Mine",
        spec: { dataset: "xor", objective: { kind: "accuracy" }, prompt: "Go" },
      },
      true,
    ],
    [
      "challenge:post",
      { sessionId: "s", title: "Mine", spec: { dataset: "xor", prompt: "Go" } },
      false,
    ],
    ["challenge:transition", { challengeId: "c", action: "lock" }, true],
    ["challenge:transition", { challengeId: "c", action: "delete" }, false],
    ["participant:join", { joinCode: "k7qp2x", nickname: "Ada" }, true],
    ["participant:join", { joinCode: "k7qp2x" }, false],
    ["participant:rejoin", { rejoinToken: "short" }, false],
    ["run:list", { challengeId: "c", participantId: "someone-else" }, false],
  ])("%s %j valid: %s", (event, payload, valid) => {
    expect(payloads[event].safeParse(payload).success).toBe(valid);
  });
});
