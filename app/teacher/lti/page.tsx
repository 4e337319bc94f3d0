import { LtiRegistrations } from "./lti-registrations";

/** A teacher connects their school's learning platform (Moodle, Canvas, ...) over LTI 1.3. */
export default function LtiPage() {
  return (
    <main>
      <LtiRegistrations />
    </main>
  );
}
