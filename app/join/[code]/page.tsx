import { getTranslations } from "next-intl/server";
import { LanguageMenu } from "../../_client/language-menu";
import { JoinForm } from "../../join-form";

/** The link and QR code on the teacher's screen lead here, with the code filled in. */
export default async function JoinPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  // The heading says what the form's button does: the join form's own words.
  const t = await getTranslations("join");
  return (
    <main>
      <div className="page-bar">
        <LanguageMenu />
      </div>
      <h1>{t("submit")}</h1>
      <section className="card">
        <JoinForm initialCode={code.toUpperCase().slice(0, 8)} />
      </section>
    </main>
  );
}
