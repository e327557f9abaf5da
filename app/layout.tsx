import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: "Lifeboat",
  description: "Backups you can see",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
