import Link from "next/link";

/** The nag: shown to admins on every page until a kit was downloaded after the last location change. */
export function RecoveryKitBanner({ needed }: { needed: boolean }) {
  if (!needed) return null;
  return (
    <section aria-label="Recovery kit reminder" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-200">
      Your storage locations changed and no recovery kit was downloaded since: without it, a lost server takes the keys to the offsite backups with it.{" "}
      <Link href="/settings/storage#recovery-kit" className="font-medium underline">
        Download the recovery kit
      </Link>
    </section>
  );
}
