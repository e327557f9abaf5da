import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env } from "../env";
import { verifyCredentials } from "../services/auth/sign-in";
import { AppError } from "../errors";
import { clientIpFromHeaders } from "../net/client-ip";

class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

function clientIp(request: Request | undefined): string | null {
  return request ? clientIpFromHeaders(request.headers) : null;
}

// Lazy config: env() (and the generated secret in the data directory) is read at the first
// request, not at build time.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().authSecret,
  trustHost: true,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const email = typeof credentials?.email === "string" ? credentials.email : "";
        const password = typeof credentials?.password === "string" ? credentials.password : "";
        try {
          const user = await verifyCredentials(email, password, clientIp(request));
          return { id: String(user.id), email: user.email, name: user.name ?? user.email };
        } catch (e) {
          if (e instanceof AppError) throw new SignInRefused(e.code);
          throw e;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.uid = Number(user.id);
      return token;
    },
    session({ session, token }) {
      (session as unknown as { uid?: number }).uid = token.uid as number | undefined;
      return session;
    },
  },
}));
