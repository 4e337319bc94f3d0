-- CreateTable
CREATE TABLE "PostCheck" (
    "challengeId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "score" JSONB NOT NULL,
    "lockedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("challengeId", "participantId"),
    CONSTRAINT "PostCheck_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PostCheck_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "PostCheck_participantId_idx" ON "PostCheck"("participantId");

