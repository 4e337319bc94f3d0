import { Dashboard } from "./dashboard";

/** The teacher's live dashboard, made for a projector. */
export default async function SessionPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  return (
    <main className="wide">
      <Dashboard sessionId={sessionId} />
    </main>
  );
}
