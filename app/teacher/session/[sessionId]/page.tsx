import { LanguageMenu } from "../../../_client/language-menu";
import { Dashboard } from "./dashboard";

/** The teacher's live dashboard, made for a projector; the language menu sets the teacher's own. */
export default async function SessionPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  return (
    <main className="wide">
      <div className="page-bar">
        <LanguageMenu />
      </div>
      <Dashboard sessionId={sessionId} />
    </main>
  );
}
