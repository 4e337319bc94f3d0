"use client";
/**
 * A value kept in this browser's localStorage and shared live by its windows: what the teacher
 * chooses on the dashboard (the challenge in focus, the join address) the projector window of the
 * same browser follows at once ("storage" events tell the other windows).
 */
import { useSyncExternalStore } from "react";

/** This window's own writes ("storage" fires only in the others). */
const CHANGED = "vanishing-point:browser-value";

function subscribe(changed: () => void): () => void {
  window.addEventListener("storage", changed);
  window.addEventListener(CHANGED, changed);
  return () => {
    window.removeEventListener("storage", changed);
    window.removeEventListener(CHANGED, changed);
  };
}

export function useBrowserValue(key: string): [string | null, (value: string) => void] {
  const value = useSyncExternalStore(
    subscribe,
    () => window.localStorage.getItem(key),
    () => null,
  );
  const set = (next: string) => {
    window.localStorage.setItem(key, next);
    window.dispatchEvent(new Event(CHANGED));
  };
  return [value, set];
}
