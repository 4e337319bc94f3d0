import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** An address that leads nowhere, said in the reader's language with a way home. */
export default async function NotFound() {
  const t = await getTranslations("common");
  return (
    <main>
      <h1>{t("notFound.title")}</h1>
      <p>{t("notFound.text")}</p>
      <p>
        <Link href="/">{t("notFound.home")}</Link>
      </p>
    </main>
  );
}
