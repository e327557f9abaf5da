import { cn } from "@/lib/ui/cn";
import { CopyButton } from "./copy-button";

/**
 * A code block with a copy button. Long lines wrap (a ping URL is never cut off, also on a phone);
 * the label names the block for screen readers and for the copy button.
 */
export function CodeBlock({ code, label, testId, className }: { code: string; label: string; testId?: string; className?: string }) {
  return (
    <div className={cn("relative min-w-0 rounded-md border bg-muted", className)}>
      <pre aria-label={label} className="whitespace-pre-wrap break-all py-2 pl-3 pr-10 font-mono text-xs">
        <code data-testid={testId}>{code}</code>
      </pre>
      <CopyButton text={code} label="Copy to clipboard" className="absolute right-1 top-1" />
    </div>
  );
}
