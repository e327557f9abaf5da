"use client";

import { useEffect, useState } from "react";
import { Toaster as Sonner } from "sonner";

/** Toasts (sonner), themed like the page: it follows the `dark` class the theme script sets. */
export function Toaster() {
  const [theme, setTheme] = useState<"light" | "dark">("light");
  useEffect(() => {
    const el = document.documentElement;
    const read = () => setTheme(el.classList.contains("dark") ? "dark" : "light");
    read();
    const obs = new MutationObserver(read);
    obs.observe(el, { attributes: true, attributeFilter: ["class"] });
    return () => obs.disconnect();
  }, []);
  return <Sonner theme={theme} position="bottom-right" richColors closeButton duration={5000} />;
}
