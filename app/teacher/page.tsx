import { LanguageMenu } from "../_client/language-menu";
import { TeacherHome } from "./teacher-home";

/**
 * Teachers: sign up or in, then see their sessions and start a new one. The language chosen here
 * is kept in the same cookie the dashboard and projector read, so they follow the teacher's choice.
 */
export default function TeacherPage() {
  return (
    <main>
      <div className="page-bar">
        <LanguageMenu />
      </div>
      <TeacherHome />
    </main>
  );
}
