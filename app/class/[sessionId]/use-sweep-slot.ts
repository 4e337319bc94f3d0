"use client";
/**
 * The student's slot of a sweep challenge: claimed when the lab opens (and after each rejoin), then
 * whatever the server hands over (the next slot after a run, a freed one while waiting).
 */
import { useEffect, useState } from "react";
import type { ChallengeView, SweepSlotView } from "../../../lib/protocol/views";
import { classSocket, request } from "../../_client/socket";

export type SweepSlotState =
  | { kind: "none" }
  | { kind: "claiming" }
  | { kind: "held"; slot: SweepSlotView }
  | { kind: "waiting" }
  /** The refusal itself: the lab words it in the page's language (useErrorText). */
  | { kind: "failed"; error: unknown };

export function useSweepSlot(challenge: ChallengeView, generation: number): SweepSlotState {
  const sweep = challenge.spec.sweep !== null && challenge.spec.sweep !== undefined;
  const open = challenge.status === "open";
  const [state, setState] = useState<SweepSlotState>({ kind: sweep ? "claiming" : "none" });
  useEffect(() => {
    if (!sweep || !open) return;
    let live = true;
    const show = (slot: SweepSlotView | null) =>
      live && setState(slot ? { kind: "held", slot } : { kind: "waiting" });
    void request("sweep:claim", { challengeId: challenge.id }).then(show, (e: unknown) => {
      if (live) setState({ kind: "failed", error: e });
    });
    const socket = classSocket();
    const onAssigned = (a: { challengeId: string; slot: SweepSlotView | null }) => {
      if (a.challengeId === challenge.id) show(a.slot);
    };
    socket.on("sweep:assigned", onAssigned);
    return () => {
      live = false;
      socket.off("sweep:assigned", onAssigned);
    };
  }, [sweep, open, challenge.id, generation]);
  return sweep && open ? state : { kind: "none" };
}
