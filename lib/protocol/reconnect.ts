/**
 * How a client reconnects after its connection drops (Socket.IO's client options). The first
 * retry comes fast, jittered so a restarted server is not met by every client at once; later ones
 * back off to at most RECONNECT.reconnectionDelayMax. After a restart every client is back within
 * about that maximum of the server listening again (Socket.IO's defaults, 1 s doubling to 5 s,
 * left some 5 s and more behind).
 */
export const RECONNECT = {
  reconnectionDelay: 250,
  reconnectionDelayMax: 2_000,
  /** Each delay is drawn from delay x [1 - 0.5, 1 + 0.5]. */
  randomizationFactor: 0.5,
} as const;
