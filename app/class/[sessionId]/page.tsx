import { StudentClass } from "./student-class";

/** A student's class: the challenges of the session, the lab and the leaderboard. */
export default async function ClassPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  return (
    <main className="wide">
      <StudentClass sessionId={sessionId} />
    </main>
  );
}
