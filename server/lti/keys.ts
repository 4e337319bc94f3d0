/**
 * The tool's RS256 keys for LTI: the newest unretired key signs (grade-service assertions, deep
 * linking responses); every unretired key is published at /lti/jwks, so a rotation keeps the old
 * key verifiable until it is retired. Private keys are stored sealed with a key derived from the
 * auth secret (AES-256-GCM), so a database dump alone cannot sign as the tool.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import type { Db } from "../db/database";

export const LTI_ALG = "RS256";

export interface SigningKey {
  kid: string;
  key: CryptoKey | Uint8Array;
}

export interface LtiKeys {
  /** The key that signs now (made on first use). */
  signing(): Promise<SigningKey>;
  /** The public keys platforms verify the tool's messages with. */
  jwks(): Promise<{ keys: JWK[] }>;
  /** Makes a new signing key; the old ones stay published until retired. */
  rotate(): Promise<string>;
  /** Stops publishing (and using) every key but the newest. */
  retireOld(): Promise<number>;
}

function sealer(secret: string) {
  const key = Buffer.from(hkdfSync("sha256", secret, "vanishing-point", "lti private keys", 32));
  return {
    seal(plain: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
    },
    open(sealed: string): string {
      const raw = Buffer.from(sealed, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    },
  };
}

export function ltiKeys(db: Db, secret: string): LtiKeys {
  const box = sealer(secret);
  let current: SigningKey | null = null;

  async function create(): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair(LTI_ALG, { extractable: true });
    const kid = randomUUID();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: LTI_ALG, use: "sig" };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: LTI_ALG };
    await db.ltiKey.create({
      data: { kid, publicJwk, privateJwk: box.seal(JSON.stringify(privateJwk)) },
    });
    current = null;
    return kid;
  }

  const newest = () =>
    db.ltiKey.findFirst({ where: { retiredAt: null }, orderBy: { createdAt: "desc" } });

  return {
    async signing() {
      let row = await newest();
      if (!row) {
        await create();
        row = await newest();
      }
      if (!row) throw new Error("no LTI signing key");
      if (current?.kid === row.kid) return current;
      let jwk: JWK;
      try {
        jwk = JSON.parse(box.open(row.privateJwk)) as JWK;
      } catch {
        // Sealed under another secret (BETTER_AUTH_SECRET changed): that key cannot sign any more,
        // so it is retired and a new one made.
        await db.ltiKey.update({ where: { kid: row.kid }, data: { retiredAt: new Date() } });
        return this.signing();
      }
      current = { kid: row.kid, key: await importJWK(jwk, LTI_ALG) };
      return current;
    },
    async jwks() {
      if (!(await newest())) await create();
      const rows = await db.ltiKey.findMany({
        where: { retiredAt: null },
        orderBy: { createdAt: "desc" },
      });
      return { keys: rows.map((r) => r.publicJwk as JWK) };
    },
    rotate: create,
    async retireOld() {
      const keep = await newest();
      if (!keep) return 0;
      const { count } = await db.ltiKey.updateMany({
        where: { retiredAt: null, kid: { not: keep.kid } },
        data: { retiredAt: new Date() },
      });
      current = null;
      return count;
    },
  };
}
