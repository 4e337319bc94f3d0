const prismaCode = (error: unknown): unknown =>
  typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;

/** Recognises the database's unique-constraint violation (Prisma P2002) on either provider. */
export const isUniqueViolation = (error: unknown): boolean => prismaCode(error) === "P2002";
