/** Who a socket is, rechecked where it matters. */
import { fromNodeHeaders } from "better-auth/node";
import type { Auth } from "../auth";
import type { IoSocket } from "./types";

/** The teacher signed in on this socket's cookie, read anew (null once signed out or expired). */
export async function currentTeacher(socket: IoSocket, auth: Auth): Promise<string | null> {
  if (!socket.data.teacherId) return null;
  const session = await auth.api.getSession({ headers: fromNodeHeaders(socket.request.headers) });
  if (session?.user.id === socket.data.teacherId) return socket.data.teacherId;
  socket.data.teacherId = null;
  return null;
}
