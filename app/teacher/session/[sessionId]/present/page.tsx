import { Presentation } from "./presentation";

/** The projector view: the live leaderboard (a podium at the end), the class heatmap and plot. */
export default async function PresentPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  return (
    <main className="present">
      <Presentation sessionId={sessionId} />
    </main>
  );
}
