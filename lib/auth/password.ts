import bcrypt from "bcryptjs";

// bcrypt cost 12: ~250 ms on this machine class, slow enough for offline guessing.
const COST = Number(process.env.LIFEBOAT_BCRYPT_COST ?? 12);

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, COST);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

// A real hash to compare against when the email is unknown, so timing does not reveal accounts.
export const DUMMY_HASH = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5rrmJ4Bl9Qe0n2N7mvyZx3G0V2G8h5W";
