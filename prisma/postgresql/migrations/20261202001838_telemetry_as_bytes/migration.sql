-- Written by hand: Prisma's form drops the column and adds it empty. Each run's telemetry JSON
-- becomes the same text as UTF-8 bytes.

-- AlterTable
ALTER TABLE "Run" ALTER COLUMN "telemetry" DROP NOT NULL,
ALTER COLUMN "telemetry" TYPE BYTEA USING convert_to("telemetry"::text, 'UTF8');
