import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env } from "../env";
import { redeemTicket, type SignInMethod } from "../services/auth/flows";
import { activeSsoConfig } from "../services/sso/config";
import { oidcProvider } from "./oidc-provider";
import { oidcSignIn } from "./oidc-sign-in";
import { requestIp } from "./request";

type SessionUser = { id?: string; amr?: SignInMethod[] };

// Lazy config: env() and the sign-in settings (SSO from the database) are read per request, not
// at build time. With LIFEBOAT_PUBLIC_URL set, Auth.js builds every URL (the OIDC callback above
// all) from it: Next hands route handlers "localhost" where the browser used 127.0.0.1, and a
// callback URL built from the request would differ from the one sent at sign-in.
export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const publicUrl = env().LIFEBOAT_PUBLIC_URL;
  if (publicUrl) process.env.AUTH_URL = publicUrl.replace(/\/+$/, "");
  const sso = activeSsoConfig();
  return {
    secret: env().authSecret,
    trustHost: true,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/login", error: "/login/error" },
    providers: [
      // Every factor is checked by Lifeboat's own services, which then issue a one-minute,
      // single-use ticket; this provider only turns a ticket into the session cookie.
      Credentials({
        id: "lifeboat",
        name: "Lifeboat",
        credentials: { ticket: {} },
        async authorize(credentials) {
          const r = redeemTicket(typeof credentials?.ticket === "string" ? credentials.ticket : "", await requestIp());
          return r ? { id: String(r.user.id), email: r.user.email, name: r.user.name ?? r.user.email, amr: r.methods } : null;
        },
      }),
      ...(sso ? [oidcProvider(sso)] : []),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== "oidc") return true;
        return oidcSignIn(user as SessionUser, (profile ?? {}) as Record<string, unknown>);
      },
      jwt({ token, user }) {
        const u = user as SessionUser | undefined;
        if (u?.id) {
          token.uid = Number(u.id);
          token.amr = u.amr ?? ["password"];
          // When this sign-in happened: an admin's password or 2FA reset ends sessions from before it.
          token.authAt = Date.now();
        }
        return token;
      },
      session({ session, token }) {
        const s = session as unknown as { uid?: number; amr?: string[]; authAt?: number };
        s.uid = token.uid as number | undefined;
        s.authAt = token.authAt as number | undefined;
        s.amr = (token.amr as string[] | undefined) ?? [];
        return session;
      },
    },
  };
});
