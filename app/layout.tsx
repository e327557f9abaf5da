import type { Metadata, Viewport } from "next";
import Script from "next/script";
import { Toaster } from "@/components/ui/sonner";
import { HydratedMarker } from "@/components/shell/hydrated-marker";
import { THEME_SCRIPT } from "@/lib/ui/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { template: "%s · Lifeboat", default: "Lifeboat" },
  description: "Backups you can see",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f8fafc" },
    { media: "(prefers-color-scheme: dark)", color: "#0f172a" },
  ],
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    // The theme script changes <html class> before React hydrates: expected, not a mismatch.
    <html lang="en" suppressHydrationWarning>
      <body>
        <Script id="theme" strategy="beforeInteractive">
          {THEME_SCRIPT}
        </Script>
        {children}
        <Toaster />
        <HydratedMarker />
      </body>
    </html>
  );
}
