/**
 * The tool's LTI signing keys, for an administrator: list them, rotate (a new key signs from now;
 * the old one stays in /lti/jwks so platforms holding its messages can still check them), and
 * retire the old ones once platforms have refetched the keyset (they cache it for minutes).
 *
 *   npm run lti:keys -- list | rotate | retire
 */
import { readEnv } from "../env";
import { openDatabase } from "../db/database";
import { ltiKeys } from "../lti/keys";

const command = process.argv[2] ?? "list";
if (!["list", "rotate", "retire"].includes(command)) {
  console.error("usage: npm run lti:keys -- list | rotate | retire");
  process.exit(2);
}
const env = readEnv();
const database = await openDatabase(env.DATABASE_URL);
const keys = ltiKeys(database.prisma, env.BETTER_AUTH_SECRET);
if (command === "rotate") console.log(`new signing key: ${await keys.rotate()}`);
if (command === "retire") console.log(`retired: ${await keys.retireOld()}`);
const { keys: published } = await keys.jwks();
console.log(`published in /lti/jwks (newest signs): ${published.map((k) => k.kid).join(", ")}`);
await database.close();
