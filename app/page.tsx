import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LanguageMenu } from "./_client/language-menu";
import { JoinForm } from "./join-form";
import { RESULTS } from "./results";

/** The home page: what Vanishing Point teaches, and the published results its engine reproduces. */
export default async function HomePage() {
  const t = await getTranslations("home");
  const tc = await getTranslations("common");
  return (
    <main>
      <div className="page-bar">
        <LanguageMenu />
      </div>
      <h1>{tc("appName")}</h1>
      <p className="lede">{t("lede")}</p>
      <section aria-labelledby="join-heading" className="card">
        <h2 id="join-heading">{t("joinHeading")}</h2>
        <JoinForm />
      </section>
      <p className="teacher-way">
        {t.rich("teacherWay", { link: (chunks) => <Link href="/teacher">{chunks}</Link> })}
      </p>
      <h2>{t("reproduceHeading")}</h2>
      <p>{t("reproduceText")}</p>
      <div className="table-scroll">
        <table>
          <caption className="sr-only">{t("tableCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("columnNetwork")}</th>
              <th scope="col">{t("columnResult")}</th>
              <th scope="col">{t("columnVerdict")}</th>
            </tr>
          </thead>
          <tbody>
            {RESULTS.map((r) => (
              <tr key={r.key}>
                <td>{t(`results.${r.key}.network`)}</td>
                <td>
                  {t(`results.${r.key}.finding`)} <cite>{r.source}</cite>
                </td>
                <td className={`verdict-${r.verdict}`}>{tc(`verdicts.${r.verdict}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}
