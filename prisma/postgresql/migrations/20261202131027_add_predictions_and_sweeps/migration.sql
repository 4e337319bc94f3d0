-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN     "revealedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Prediction" (
    "id" TEXT NOT NULL,
    "challengeId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "lockedAt" TIMESTAMP(3),
    "score" JSONB,
    "total" DOUBLE PRECISION,
    "runId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Prediction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SweepSlot" (
    "id" TEXT NOT NULL,
    "challengeId" TEXT NOT NULL,
    "cell" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "participantId" TEXT NOT NULL,
    "holderId" TEXT,
    "runId" TEXT,
    "assignedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "filledAt" TIMESTAMP(3),

    CONSTRAINT "SweepSlot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Prediction_challengeId_participantId_key" ON "Prediction"("challengeId", "participantId");

-- CreateIndex
CREATE UNIQUE INDEX "SweepSlot_runId_key" ON "SweepSlot"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "SweepSlot_challengeId_cell_seed_key" ON "SweepSlot"("challengeId", "cell", "seed");

-- CreateIndex
CREATE UNIQUE INDEX "SweepSlot_challengeId_holderId_key" ON "SweepSlot"("challengeId", "holderId");

-- AddForeignKey
ALTER TABLE "Prediction" ADD CONSTRAINT "Prediction_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prediction" ADD CONSTRAINT "Prediction_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SweepSlot" ADD CONSTRAINT "SweepSlot_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SweepSlot" ADD CONSTRAINT "SweepSlot_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

