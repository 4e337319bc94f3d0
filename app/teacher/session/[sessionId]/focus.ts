/** Where the dashboard keeps the challenge in focus, for the projector window to follow. */
export const focusKey = (sessionId: string) => `vanishing-point.focus:${sessionId}`;
