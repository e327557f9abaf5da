/** The viewer's choice; "system" follows prefers-color-scheme. Kept in localStorage only (per browser). */
export type ThemeChoice = "light" | "dark" | "system";
export const THEME_KEY = "lifeboat-theme";
/** Fired on window when the choice changes (the palette and the toggle stay in step). */
export const THEME_EVENT = "lifeboat:theme";

/**
 * Runs before the first paint (inline in <head>), so a dark system never flashes white.
 * Written as a string: it must not depend on the bundle being loaded.
 */
export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem("${THEME_KEY}");var d=t==="dark"||(t!=="light"&&window.matchMedia("(prefers-color-scheme: dark)").matches);document.documentElement.classList.toggle("dark",d);}catch(e){}})();`;

export function readThemeChoice(): ThemeChoice {
  try {
    const t = localStorage.getItem(THEME_KEY);
    return t === "light" || t === "dark" ? t : "system";
  } catch {
    return "system";
  }
}

export function applyTheme(choice: ThemeChoice): void {
  const dark = choice === "dark" || (choice === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
}

export function saveThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === "system") localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, choice);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
  applyTheme(choice);
  window.dispatchEvent(new CustomEvent(THEME_EVENT, { detail: choice }));
}
