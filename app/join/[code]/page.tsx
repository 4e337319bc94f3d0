import { JoinForm } from "../../join-form";

/** The link and QR code on the teacher's screen lead here, with the code filled in. */
export default async function JoinPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  return (
    <main>
      <h1>Join the class</h1>
      <section className="card">
        <JoinForm initialCode={code.toUpperCase().slice(0, 8)} />
      </section>
    </main>
  );
}
