const prismaCode = (error: unknown): unknown =>
  typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;

/** The driver adapter's kind of a raw statement's failure (Prisma P2010). */
const rawKind = (error: unknown): unknown =>
  prismaCode(error) === "P2010"
    ? (error as { meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } }).meta
        ?.driverAdapterError?.cause?.kind
    : undefined;

/**
 * Recognises the database's unique-constraint violation on either provider: the ORM's (Prisma
 * P2002) or a raw statement's.
 */
export const isUniqueViolation = (error: unknown): boolean =>
  prismaCode(error) === "P2002" || rawKind(error) === "UniqueConstraintViolation";
