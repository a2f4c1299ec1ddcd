// Client secrets at rest. Scalekit never returns a connection's client_secret, and the emulator
// must not leave one in the clear in its state file: with a --state file, each secret is sealed
// (AES-256-GCM, node:crypto) with a key kept in a file of its own beside the state file
// (`<state>.key`, mode 0600), so the state file alone reveals nothing. Without a state file the
// secrets live in memory only and nothing is sealed.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

const keyBytes = 32;

export interface SecretBox {
  seal(plain: string): string;
  /** The secret, or undefined when the box cannot open it (another key, a damaged value). */
  open(sealed: string): string | undefined;
}

function readOrCreateKey(path: string): Buffer {
  try {
    const key = Buffer.from(readFileSync(path, "utf8").trim(), "base64url");
    if (key.length === keyBytes) return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const key = randomBytes(keyBytes);
  try {
    writeFileSync(path, `${key.toString("base64url")}\n`, { flag: "wx", mode: 0o600 });
    return key;
  } catch (error) {
    // another process made it first: use theirs
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readOrCreateKey(path);
    throw error;
  }
}

/** The box whose key lives at `keyPath` (made on first use). */
export function secretBox(keyPath: string): SecretBox {
  let key: Buffer | undefined;
  const keyOf = () => {
    key ??= readOrCreateKey(keyPath);
    return key;
  };
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", keyOf(), iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return [iv, body, cipher.getAuthTag()].map((part) => part.toString("base64url")).join(".");
    },
    open(sealed) {
      const [iv, body, tag] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
      if (!iv || !body || !tag) return undefined;
      try {
        const decipher = createDecipheriv("aes-256-gcm", keyOf(), iv);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
      } catch {
        return undefined;
      }
    },
  };
}
