import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Several test runs can build side by side (each with its own folder).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // ssh2 loads optional native add-ons (cpu-features, sshcrypto) at run time: not for a bundler.
  serverExternalPackages: ["better-sqlite3", "ssh2"],
  // Browsers and tools still ask for /favicon.ico: answer with the app icon instead of a 404.
  async rewrites() {
    return [{ source: "/favicon.ico", destination: "/icon.svg" }];
  },
  experimental: {
    // Next reads action bodies as a stream and answers 413 past this (app-render/action-handler):
    // the same 1 MiB as the API's JSON bodies (lib/api/body.ts). Files go to /api/uploads.
    serverActions: { bodySizeLimit: "1mb" },
  },
};

export default nextConfig;
