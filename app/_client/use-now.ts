"use client";
import { useEffect, useState } from "react";

/** The time, refreshed every `everyMs`: what a page showing "due in 3 hours" re-renders with. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
