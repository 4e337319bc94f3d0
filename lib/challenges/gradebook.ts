/**
 * A session's grades as a CSV a learning platform imports: one row per student, the assignment's
 * grade out of POINTS_POSSIBLE, in the column layout of each platform's own gradebook files.
 *
 * - canvas: Canvas's gradebook import layout (Student, ID, SIS User ID, SIS Login ID, Section, then
 *   one column per assignment, with a "Points Possible" row); the assignment column has no id, so
 *   Canvas offers to create it or to map it to an existing one.
 * - moodle: Moodle's "Import grades > CSV file" maps any column to a user field and any other to a
 *   grade item: the student, an email column, the grade, each challenge's points and lateness.
 * - classroom: Google Classroom's own grade export layout (Last Name, First Name, Email Address,
 *   then the assignment), which sheets and add-ons that move grades into Classroom read.
 *
 * Students who joined with a nickname have no platform id or email: the teacher matches those rows
 * by name in the platform's import page.
 *
 * Canvas's and Classroom's column names are the platform's own file format, read by name by their
 * importers: they stay in English. Moodle's importer lets the teacher map every column by hand, so
 * its headers (and its late column's yes/no) are words for the teacher: `GradebookWords`, in the
 * teacher's language (the server translates them; this module stays free of catalogs).
 */
import { gradeOf, POINTS_POSSIBLE, roundPoints } from "./grading";
import type { Objective } from "./spec";

export const GRADEBOOK_FORMATS = ["canvas", "moodle", "classroom"] as const;
export type GradebookFormat = (typeof GRADEBOOK_FORMATS)[number];

export interface GradebookStudent {
  nickname: string;
  /** From the learning platform when the student launched from it; null for a join code. */
  email: string | null;
  /** Best verified score per challenge (in the order of `challenges`), null when none. */
  best: (number | null)[];
  /** Some run of theirs came after the due date. */
  late: boolean;
}

export type GradebookRow = Record<string, string | number>;

/** The words of the Moodle layout's header row and late column. */
export interface GradebookWords {
  student: string;
  email: string;
  /** A challenge's points column, from the challenge's title. */
  points: (challenge: string) => string;
  late: string;
  yes: string;
  no: string;
}

export const ENGLISH_GRADEBOOK_WORDS: GradebookWords = {
  student: "Student",
  email: "Email address",
  points: (challenge) => `${challenge} (points)`,
  late: "Late",
  yes: "yes",
  no: "no",
};

export function gradebookRows(
  format: GradebookFormat,
  assignment: string,
  challenges: readonly { title: string; objective: Objective }[],
  students: readonly GradebookStudent[],
  words: GradebookWords = ENGLISH_GRADEBOOK_WORDS,
): GradebookRow[] {
  const objectives = challenges.map((c) => c.objective);
  const graded = students.map((s) => ({ ...s, ...gradeOf(objectives, s.best) }));
  switch (format) {
    case "canvas":
      return [
        {
          Student: "Points Possible",
          ID: "",
          "SIS User ID": "",
          "SIS Login ID": "",
          Section: "",
          [assignment]: POINTS_POSSIBLE,
        },
        ...graded.map((s) => ({
          Student: s.nickname,
          ID: "",
          "SIS User ID": "",
          "SIS Login ID": s.email ?? "",
          Section: "",
          [assignment]: s.grade,
        })),
      ];
    case "moodle":
      return graded.map((s) => ({
        [words.student]: s.nickname,
        [words.email]: s.email ?? "",
        [assignment]: s.grade,
        ...Object.fromEntries(
          challenges.map((c, i) => [words.points(c.title), roundPoints(s.points[i]!)]),
        ),
        [words.late]: s.late ? words.yes : words.no,
      }));
    case "classroom": {
      return graded.map((s) => {
        const [first, ...rest] = s.nickname.split(" ");
        return {
          "Last Name": rest.join(" "),
          "First Name": first ?? "",
          "Email Address": s.email ?? "",
          [assignment]: s.grade,
        };
      });
    }
  }
}
