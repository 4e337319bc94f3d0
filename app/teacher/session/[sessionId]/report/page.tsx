import { LanguageMenu } from "../../../../_client/language-menu";
import { Report } from "./report";

/** The review of a session: per challenge, the class plot, every run and its gradient-flow record. */
export default async function ReportPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  return (
    <main className="wide">
      <div className="page-bar">
        <LanguageMenu />
      </div>
      <Report sessionId={sessionId} />
    </main>
  );
}
