import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Several test runs can build side by side (each with its own folder).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  serverExternalPackages: ["better-sqlite3"],
  experimental: {
    serverActions: { bodySizeLimit: "2mb" },
  },
};

export default nextConfig;
