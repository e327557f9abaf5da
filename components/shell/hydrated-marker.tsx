"use client";

import { useEffect } from "react";

/**
 * Marks <html data-hydrated> once React has hydrated the page. A link clicked before that is
 * lost by the App Router (seen in the full e2e run: the click on a target link right after the
 * list loaded did nothing), so browser tests wait for it before they click; scripts can too.
 */
export function HydratedMarker() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return null;
}
