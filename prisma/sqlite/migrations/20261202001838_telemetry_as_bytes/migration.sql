-- From Prisma's output, with the telemetry kept: each run's JSON text becomes the same UTF-8 bytes.
-- Rebuilding "Run" is safe here: no table references it, so nothing cascades.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientRunId" TEXT NOT NULL,
    "challengeId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "seed" INTEGER NOT NULL,
    "backend" TEXT NOT NULL,
    "weights" BLOB NOT NULL,
    "claimed" JSONB NOT NULL,
    "telemetry" BLOB,
    "profile" JSONB,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "verified" JSONB,
    "score" REAL,
    "mismatch" BOOLEAN NOT NULL DEFAULT false,
    "submittedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "verifiedAt" DATETIME,
    CONSTRAINT "Run_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Run_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Run" ("backend", "challengeId", "claimed", "clientRunId", "config", "id", "mismatch", "participantId", "profile", "score", "seed", "status", "submittedAt", "telemetry", "verified", "verifiedAt", "weights") SELECT "backend", "challengeId", "claimed", "clientRunId", "config", "id", "mismatch", "participantId", "profile", "score", "seed", "status", "submittedAt", CAST("telemetry" AS BLOB), "verified", "verifiedAt", "weights" FROM "Run";
DROP TABLE "Run";
ALTER TABLE "new_Run" RENAME TO "Run";
CREATE UNIQUE INDEX "Run_clientRunId_key" ON "Run"("clientRunId");
CREATE INDEX "Run_challengeId_status_score_idx" ON "Run"("challengeId", "status", "score");
CREATE INDEX "Run_participantId_challengeId_idx" ON "Run"("participantId", "challengeId");
CREATE INDEX "Run_status_submittedAt_idx" ON "Run"("status", "submittedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

