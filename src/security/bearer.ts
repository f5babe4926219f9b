// Bearer-token checks in constant time. Both sides are hashed first so the comparison never depends on
// where the strings differ nor on their lengths, and every accepted token is checked (no early exit).

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "");
  return match?.[1];
}

export async function matchesAnyToken(presented: string | undefined, accepted: string[]): Promise<boolean> {
  if (presented === undefined || accepted.length === 0) return false;
  const presentedHash = await sha256(presented);
  let matched = false;
  for (const token of accepted) {
    const equal = crypto.subtle.timingSafeEqual(presentedHash, await acceptedDigest(token));
    matched = equal || matched;
  }
  return matched;
}

/**
 * Which of the accepted tokens was presented (its index), or -1; same constant-time comparison as
 * matchesAnyToken, every token checked, so the answer's timing says nothing about which one matched.
 */
export async function matchingTokenIndex(presented: string | undefined, accepted: string[]): Promise<number> {
  if (presented === undefined || accepted.length === 0) return -1;
  const presentedHash = await sha256(presented);
  let index = -1;
  for (const [i, token] of accepted.entries()) {
    const equal = crypto.subtle.timingSafeEqual(presentedHash, await acceptedDigest(token));
    index = equal ? i : index;
  }
  return index;
}

/** The configured tokens' digests, computed once per isolate (they change only with a deploy). */
const acceptedDigests = new Map<string, Promise<ArrayBuffer>>();

function acceptedDigest(token: string): Promise<ArrayBuffer> {
  let digest = acceptedDigests.get(token);
  if (!digest) {
    digest = sha256(token);
    acceptedDigests.set(token, digest);
  }
  return digest;
}

async function sha256(value: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
}
