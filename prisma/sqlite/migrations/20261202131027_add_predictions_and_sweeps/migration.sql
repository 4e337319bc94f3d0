-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN "revealedAt" DATETIME;

-- CreateTable
CREATE TABLE "Prediction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "challengeId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "lockedAt" DATETIME,
    "score" JSONB,
    "total" REAL,
    "runId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Prediction_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Prediction_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SweepSlot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "challengeId" TEXT NOT NULL,
    "cell" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "participantId" TEXT NOT NULL,
    "holderId" TEXT,
    "runId" TEXT,
    "assignedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "filledAt" DATETIME,
    CONSTRAINT "SweepSlot_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SweepSlot_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Prediction_challengeId_participantId_key" ON "Prediction"("challengeId", "participantId");

-- CreateIndex
CREATE UNIQUE INDEX "SweepSlot_runId_key" ON "SweepSlot"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "SweepSlot_challengeId_cell_seed_key" ON "SweepSlot"("challengeId", "cell", "seed");

-- CreateIndex
CREATE UNIQUE INDEX "SweepSlot_challengeId_holderId_key" ON "SweepSlot"("challengeId", "holderId");

