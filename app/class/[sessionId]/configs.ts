"use client";
/**
 * Each challenge keeps its own config, starting from its spec. The one on screen is also in the URL
 * (`?challenge=ID&depth=...`: a refresh or a shared link opens the same challenge and settings);
 * every challenge's is kept in sessionStorage, so switching tabs and refreshing lose nothing.
 */
import { useCallback, useState } from "react";
import { startingConfig } from "../../../lib/challenges/constraints";
import type { ChallengeSpec } from "../../../lib/challenges/spec";
import {
  configFromSearchParams,
  configToSearchParams,
  DEFAULT_CONFIG,
  parseConfig,
  type NetworkConfig,
} from "../../../lib/nn/config";
import type { ChallengeView } from "../../../lib/protocol/views";

const storageKey = (sessionId: string, challengeId: string) =>
  `vanishing-point:config:${sessionId}:${challengeId}`;

/** The challenge's spec as a student has it (no teacher note). */
export const studentSpec = (challenge: ChallengeView) =>
  ({ ...challenge.spec, teacherNote: "" }) as ChallengeSpec;

/** Whatever a config was, the challenge's locks and dataset win. */
function fit(config: NetworkConfig, spec: ChallengeSpec): NetworkConfig {
  return { ...config, ...spec.locked, dataset: spec.dataset };
}

function stored(sessionId: string, challengeId: string): NetworkConfig | null {
  try {
    const raw = sessionStorage.getItem(storageKey(sessionId, challengeId));
    const parsed = raw ? parseConfig(JSON.parse(raw)) : null;
    return parsed?.ok ? parsed.config : null;
  } catch {
    return null;
  }
}

/** The challenge named in the page's URL, if any. */
export function challengeInUrl(): string | null {
  if (typeof window === "undefined") return null;
  return new URLSearchParams(window.location.search).get("challenge");
}

export function useChallengeConfigs(sessionId: string) {
  const [configs, setConfigs] = useState<Record<string, NetworkConfig>>({});

  const configFor = useCallback(
    (challenge: ChallengeView): NetworkConfig => {
      const spec = studentSpec(challenge);
      const known = configs[challenge.id];
      if (known) return known;
      const start = startingConfig(spec, DEFAULT_CONFIG);
      if (challengeInUrl() === challenge.id) {
        const fromUrl = configFromSearchParams(new URLSearchParams(window.location.search), start);
        if (fromUrl.ok) return fit(fromUrl.config, spec);
      }
      const kept = stored(sessionId, challenge.id);
      return kept ? fit(kept, spec) : start;
    },
    [configs, sessionId],
  );

  const setConfig = useCallback(
    (challengeId: string, config: NetworkConfig) => {
      setConfigs((c) => ({ ...c, [challengeId]: config }));
      try {
        sessionStorage.setItem(storageKey(sessionId, challengeId), JSON.stringify(config));
      } catch {
        // Storage full or blocked: the config still lives in the page and the URL.
      }
    },
    [sessionId],
  );

  return { configFor, setConfig };
}

/** Puts the challenge and its config in the address bar, without a navigation. */
export function showInUrl(challengeId: string, config: NetworkConfig): void {
  const params = configToSearchParams(config);
  params.set("challenge", challengeId);
  window.history.replaceState(null, "", `?${params.toString()}`);
}
