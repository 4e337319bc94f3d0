"use client";
/**
 * Which address the join link and QR code show. The server proposes one (JOIN_URL, the address the
 * teacher used, or the first LAN address when that was localhost); a laptop with Docker, a VPN or
 * two Wi-Fi interfaces may have picked the wrong one, so the teacher can pick another of the
 * detected addresses. The choice is kept in this browser, so the projector window follows it.
 */
import { useBrowserValue } from "./browser-value";
import type { TeacherState } from "../../../../lib/protocol/views";

const KEY = "vanishing-point.join-origin";

export interface JoinAddress {
  /** The join link to show, or null without a code. */
  url: string | null;
  origin: string | null;
  choices: readonly string[];
  choose(origin: string): void;
}

export function useJoinAddress(
  state: Pick<TeacherState, "joinUrl" | "joinChoices" | "session"> | null,
): JoinAddress {
  const [chosen, setChosen] = useBrowserValue(KEY);
  const proposed = state?.joinUrl ? new URL(state.joinUrl).origin : null;
  const choices = state?.joinChoices ?? [];
  const origin = chosen && choices.includes(chosen) ? chosen : proposed;
  const code = state?.session.joinCode ?? null;
  return {
    url: origin && code ? `${origin}/join/${code}` : null,
    origin,
    choices,
    choose: setChosen,
  };
}
