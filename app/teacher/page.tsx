import { TeacherHome } from "./teacher-home";

/** Teachers: sign up or in, then see their sessions and start a new one. */
export default function TeacherPage() {
  return (
    <main>
      <TeacherHome />
    </main>
  );
}
