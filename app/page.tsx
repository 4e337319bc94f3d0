import Link from "next/link";
import { JoinForm } from "./join-form";
import { RESULTS } from "./results";

/** The home page: what Vanishing Point teaches, and the published results its engine reproduces. */
export default function HomePage() {
  return (
    <main>
      <h1>Vanishing Point</h1>
      <p className="lede">
        A live classroom for discovering, by experiment, why deep networks stop learning: vanishing
        and exploding gradients, and what initialization, activation choice and batch normalization
        do about them.
      </p>
      <section aria-labelledby="join-heading" className="card">
        <h2 id="join-heading">Join your class</h2>
        <JoinForm />
      </section>
      <p className="teacher-way">
        Teaching? <Link href="/teacher">Sign in or create a teacher account</Link> to open a class
        session, post challenges and project the class&apos;s results.
      </p>
      <h2>What the class will reproduce</h2>
      <p>
        Each challenge rests on a published result. Students train deep networks in their browsers,
        watch the gradient flow layer by layer, and submit runs to a live class leaderboard.
      </p>
      <table>
        <caption className="sr-only">
          Published results and the verdict of the gradient-flow probe
        </caption>
        <thead>
          <tr>
            <th scope="col">Network (20 hidden layers)</th>
            <th scope="col">Published result</th>
            <th scope="col">Probe verdict</th>
          </tr>
        </thead>
        <tbody>
          {RESULTS.map((r) => (
            <tr key={r.network}>
              <td>{r.network}</td>
              <td>
                {r.finding} <cite>{r.source}</cite>
              </td>
              <td className={`verdict-${r.verdict}`}>{r.verdict}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
